"""The publication date: datelines, stamps, zones, disagreements, and articles without one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.unit.dates.helpers import make_article
from workers.stages.dates import annotate_dates
from workers.stages.dates.published import parse_stamp

STAMPS = [
    # raw line, value, precision
    ("تاريخ النشر: 11th, March 2024 GMT", "2024-03-11", "day"),
    ("تاريخ النشر: 27th, February 2025 GMT", "2025-02-27", "day"),
    ("تاريخ النشر: 29th, January 2024 GMT", "2024-01-29", "day"),
    ("2025-02-27@01:36:37 GMT", "2025-02-27T01:36:37+00:00", "second"),
    ("2025-02-27@01:36:37 UTC", "2025-02-27T01:36:37+00:00", "second"),
    ("2025-02-27T01:36:37Z", "2025-02-27T01:36:37+00:00", "second"),
    ("2025-02-27 04:36 +03:00", "2025-02-27T04:36+03:00", "minute"),
    ("27 فبراير 2025 - 10:15 صباحاً بتوقيت مكة المكرمة", "2025-02-27T10:15+03:00", "minute"),
    ("الخميس 27 فبراير 2025 - 10:15 مساءً بتوقيت مكة", "2025-02-27T22:15+03:00", "minute"),
    ("20 أبريل 2025 - 11:04 مساءً", "2025-04-20T23:04", "minute"),
    ("20 أبريل 2025 - 2:32 مساءً", "2025-04-20T14:32", "minute"),
    ("٢٠ أبريل ٢٠٢٥ - ١٢:٠٥ صباحاً", "2025-04-20T00:05", "minute"),
    ("December 9, 2025 GMT+4", "2025-12-09", "day"),
    ("2025-02-27 01:36 GMT+4", "2025-02-27T01:36+04:00", "minute"),
]


@pytest.mark.parametrize(("raw", "value", "precision"), STAMPS)
def test_stamp_is_parsed_with_its_zone(raw: str, value: str, precision: str) -> None:
    published = parse_stamp(raw, "stamp")
    assert published is not None
    assert (published.value, published.precision, published.raw) == (value, precision, raw)


@pytest.mark.parametrize("raw", ["المصدر: الجزيرة", "", "منذ يومين", "2000 مرة", "1446هـ"])
def test_line_without_a_full_date_gives_none(raw: str) -> None:
    assert parse_stamp(raw, "stamp") is None


def test_dateline_alone_is_the_publication_date() -> None:
    article = annotate_dates(make_article("عنوان", dateline="تاريخ النشر: 11th, March 2024 GMT"))
    assert article.published_at is not None
    assert (article.published_at.value, article.published_at.origin) == ("2024-03-11", "dateline")
    assert article.published_at.note is None


def test_agreeing_stamp_wins_as_more_precise_without_note() -> None:
    article = annotate_dates(
        make_article(
            "عنوان",
            dateline="تاريخ النشر: 27th, February 2025 GMT",
            stamp="2025-02-27@01:36:37 GMT",
        )
    )
    assert article.published_at is not None
    assert article.published_at.origin == "stamp"
    assert article.published_at.value == "2025-02-27T01:36:37+00:00"
    assert article.published_at.note is None


def test_disagreement_keeps_the_more_precise_and_says_so() -> None:
    article = annotate_dates(
        make_article(
            "عنوان",
            dateline="تاريخ النشر: 26th, February 2025 GMT",
            stamp="2025-02-27@01:36:37 GMT",
        )
    )
    published = article.published_at
    assert published is not None
    assert published.origin == "stamp"
    assert published.note is not None
    assert "2025-02-26" in published.note


def test_article_without_dateline_or_stamp_has_no_publication_date() -> None:
    article = annotate_dates(
        make_article("بعد أنباء المحادثات السرية", ["قال السفير اليوم الأربعاء"])
    )
    assert article.published_at is None


def test_without_publication_date_relative_mentions_are_not_resolved() -> None:
    article = annotate_dates(
        make_article("عنوان", ["قال السفير اليوم الأربعاء إن اللقاء جرى قبل يومين في 2 مايو 2024."])
    )
    assert [(d.text, d.value) for d in article.dates] == [("2 مايو 2024", "2024-05-02")]


def test_related_article_never_borrows_the_main_articles_date() -> None:
    main = make_article(
        "عنوان", ["جرت المحادثات أمس."], dateline="تاريخ النشر: 28th, February 2025"
    )
    related = make_article("عنوان آخر", ["جرت المحادثات أمس."], position=1)
    assert [d.value for d in annotate_dates(main).dates] == ["2025-02-27"]
    assert annotate_dates(related).dates == []


def test_related_headline_stamps_are_parsed() -> None:
    article = annotate_dates(
        make_article(
            "عنوان",
            related=[
                ("الكرملين: بوتين لم يأمر بتمديد الهدنة", "20 أبريل 2025 - 11:04 مساءً"),
                ("عنوان بلا تاريخ", None),
            ],
        )
    )
    first, second = article.related_headlines
    assert first.published_at is not None
    assert (first.published_at.value, first.published_at.precision) == (
        "2025-04-20T23:04",
        "minute",
    )
    assert second.published_at is None


def test_mentions_are_resolved_against_the_stamp_day() -> None:
    article = annotate_dates(
        make_article("محادثات روسية أمريكية اليوم في تركيا", stamp="2025-02-27@01:36:37 GMT")
    )
    assert [(d.text, d.value, d.kind) for d in article.dates] == [
        ("اليوم", "2025-02-27", "relative")
    ]
