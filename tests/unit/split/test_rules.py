"""Context rules of the split stage, one behaviour per test, on small hand-made files."""

from __future__ import annotations

import pytest

from workers.errors import InputRejected
from workers.record import Article, RawFile, make_article_id
from workers.stages.limits import Limits
from workers.stages.split import split_file

BODY = "قال المتحدث باسم الوزارة إن الاجتماع سيعقد الأسبوع المقبل في العاصمة."
BODY2 = "وأضاف أن الوفدين سيبحثان عددا من الملفات العالقة بين البلدين."


def split(*lines: str, limits: Limits | None = None) -> list[Article]:
    raw = RawFile(data="\n".join(lines).encode("utf-8"), sha256="f" * 64, name="t.txt")
    return split_file(raw) if limits is None else split_file(raw, limits)


def test_ids_positions_and_roles() -> None:
    articles = split("عنوان أول", BODY, "إقرأ أيضاً:", "عنوان ثان", BODY2)
    assert [(a.article_id, a.position, a.role) for a in articles] == [
        (make_article_id("f" * 64, 0), 0, "main"),
        (make_article_id("f" * 64, 1), 1, "related"),
    ]


def test_site_line_only_before_the_headline() -> None:
    article = split("الثورة نت:", "عنوان الخبر", BODY)[0]
    assert (article.site, article.headline) == ("الثورة نت", "عنوان الخبر")


def test_colon_line_after_the_headline_is_text() -> None:
    article = split("عنوان الخبر", BODY, "وقال الوزير:", BODY2)[0]
    assert article.site is None
    assert article.paragraphs == [BODY, "وقال الوزير:", BODY2]


def test_headline_repeated_under_dateline_is_boilerplate() -> None:
    article = split("عنوان الخبر", "تاريخ النشر: 1st, May 2024 GMT", "عنوان الخبر", BODY)[0]
    assert article.boilerplate == ["عنوان الخبر"]
    assert article.paragraphs == [BODY]


def test_byline_only_in_the_header() -> None:
    article = split("عنوان الخبر", "الرياض - وكالات", BODY, "القاهرة - وكالات")[0]
    assert article.byline == "الرياض - وكالات"
    assert article.paragraphs == [BODY, "القاهرة - وكالات"]


def test_short_subheading_stays_a_paragraph() -> None:
    article = split("عنوان الخبر", BODY, "ما زالت وستظل..", BODY2)[0]
    assert article.paragraphs == [BODY, "ما زالت وستظل..", BODY2]


def test_english_line_before_a_caption_joins_the_caption() -> None:
    caption = "محتجون في العاصمة (رويترز)"
    article = split("عنوان الخبر", BODY, "Protesters in the capital", caption)[0]
    assert article.captions == ["Protesters in the capital", caption]
    assert article.paragraphs == [BODY]


def test_english_paragraph_of_an_english_article_is_not_a_caption() -> None:
    article = split("Talks resume", "Officials met on Monday.", "Protesters outside (Reuters)")[0]
    assert article.paragraphs == ["Officials met on Monday."]
    assert article.captions == ["Protesters outside (Reuters)"]


def test_list_ends_at_a_paragraph() -> None:
    article = split("عنوان الخبر", BODY, "أخبار ذات صلة", "عنوان مدرج", BODY2)[0]
    assert [item.headline for item in article.related_headlines] == ["عنوان مدرج"]
    assert article.paragraphs == [BODY, BODY2]


def test_list_belongs_to_the_article_it_appears_in() -> None:
    articles = split("عنوان أول", BODY, "إقرأ أيضاً:", "عنوان ثان", BODY2, "مقالات مشابهة", "• بند")
    assert articles[0].related_headlines == []
    assert [item.headline for item in articles[1].related_headlines] == ["بند"]


def test_stamp_on_the_line_after_a_listed_headline_is_its_stamp() -> None:
    article = split(
        "عنوان الخبر", BODY, "أخبار ذات صلة", "عنوان مدرج", "20 أبريل 2025 - 11:04 مساءً"
    )[0]
    assert [(r.headline, r.stamp) for r in article.related_headlines] == [
        ("عنوان مدرج", "20 أبريل 2025 - 11:04 مساءً")
    ]
    assert article.stamp is None


def test_bullets_outside_a_list_are_paragraphs() -> None:
    article = split("عنوان الخبر", BODY, "• نقطة أولى في البيان")[0]
    assert article.paragraphs == [BODY, "• نقطة أولى في البيان"]


def test_read_also_with_only_a_headline_becomes_a_related_headline() -> None:
    articles = split("عنوان أول", BODY, "اقرأ أيضاً:", "عنوان مقال آخر", "إقرأ أيضاً:", "عنوان ثالث")
    assert len(articles) == 1
    assert [item.headline for item in articles[0].related_headlines] == [
        "عنوان مقال آخر",
        "عنوان ثالث",
    ]
    assert articles[0].boilerplate == ["اقرأ أيضاً:", "إقرأ أيضاً:"]


def test_inline_read_also_link_does_not_end_the_article() -> None:
    articles = split("عنوان أول", BODY, "اقرأ أيضاً: عنوان مقال آخر", BODY2)
    assert len(articles) == 1
    assert articles[0].paragraphs == [BODY, BODY2]
    assert [item.headline for item in articles[0].related_headlines] == ["عنوان مقال آخر"]


def test_bullets_right_after_a_marker_are_listed_headlines() -> None:
    articles = split("عنوان أول", BODY, "Read also:", "• عنوان أ", "• عنوان ب")
    assert len(articles) == 1
    assert [item.headline for item in articles[0].related_headlines] == ["عنوان أ", "عنوان ب"]


def test_trailing_marker_is_boilerplate_of_the_last_article() -> None:
    articles = split("عنوان أول", BODY, "اقرأ المزيد")
    assert len(articles) == 1
    assert articles[0].boilerplate == ["اقرأ المزيد"]


def test_leading_marker_does_not_make_an_empty_main_article() -> None:
    articles = split("إقرأ أيضاً:", "عنوان أول", BODY)
    assert [(a.position, a.headline) for a in articles] == [(0, "عنوان أول")]
    assert articles[0].boilerplate == ["إقرأ أيضاً:"]


def test_second_source_line_is_kept_as_boilerplate() -> None:
    article = split("عنوان الخبر", BODY, "المصدر: أ", "المصدر: ب")[0]
    assert article.source is not None and article.source.name == "أ"
    assert article.boilerplate == ["المصدر: ب"]


def test_headline_only_file_is_one_article() -> None:
    article = split("عنوان وحيد")[0]
    assert (article.headline, article.paragraphs) == ("عنوان وحيد", [])


def test_only_metadata_is_no_articles() -> None:
    with pytest.raises(InputRejected) as caught:
        split("تاريخ النشر: 1st, May 2024 GMT", "المصدر: وكالات")
    assert caught.value.reason == "no_articles"


def test_too_many_articles() -> None:
    lines = ["عنوان", BODY]
    for index in range(3):
        lines += ["إقرأ أيضاً:", f"عنوان {index}", BODY]
    with pytest.raises(InputRejected) as caught:
        split(*lines, limits=Limits(max_articles_per_file=3))
    assert caught.value.reason == "too_many_articles"


def test_article_too_long() -> None:
    with pytest.raises(InputRejected) as caught:
        split("عنوان", BODY * 10, limits=Limits(max_article_chars=len(BODY) * 5))
    assert caught.value.reason == "article_too_long"


def test_article_at_the_char_limit_is_accepted() -> None:
    limit = len("عنوان\n" + BODY)
    assert len(split("عنوان", BODY, limits=Limits(max_article_chars=limit))) == 1


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"  ", "whitespace_only"), (b"\x00\x01", "binary"), (b"x" * 20, "too_large")],
)
def test_split_rejects_with_the_decoder_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputRejected) as caught:
        split_file(RawFile(data=data, sha256="0" * 64), Limits(max_file_bytes=10))
    assert caught.value.reason == reason
