"""Behaviours of the language stage, one per test, through the pure stage functions."""

from __future__ import annotations

from dataclasses import replace

import langdetect_rs
import pytest

from workers.record import Article, FileInfo, Segment, article_text
from workers.stages.language import (
    KNOWN_LANGUAGES,
    UNDETERMINED,
    line_segments,
    tag_language,
    text_language,
)
from workers.stages.language.detect import default_backend

STAMP = "2025-02-27@01:36:37 GMT"
WSJ = (
    'وقبل يومين، نقلت صحيفة "وول ستريت جورنال" (The Wall Street Journal) عن مسؤولين أن '
    "مستشار الأمن القومي جيك سوليفان أجرى محادثات سرية مع كبار مساعدي الرئيس الروسي."
)
AR_HEADLINE = "سفير روسيا في واشنطن: السفارة على اتصال مع الخارجية الأمريكية قبل الانتخابات"
AR_PARAGRAPH = (
    "قال سفير روسيا لدى الولايات المتحدة أناتولي أنتونوف اليوم الاثنين إن السفارة الروسية في "
    "واشنطن تجري اتصالات وثيقة مع وزارة الخارجية الأمريكية قبيل الانتخابات الرئاسية."
)
EN_CAPTION = (
    "Russia's Ambassador to the US, Anatoly Antonov, arrives for an address by US Secretary of "
    "State Rex Tillerson at a forum on US-South Korea relations in Washington."
)


def _article(headline: str, paragraphs: list[str], captions: list[str] | None = None) -> Article:
    file = FileInfo(sha256="0" * 64, name="t.txt", bytes=1, encoding="utf-8")
    return Article(
        article_id="0" * 64 + "-000",
        file=file,
        position=0,
        role="main",
        headline=headline,
        paragraphs=paragraphs,
        captions=captions or [],
    )


def test_the_seed_stamp_line_is_und() -> None:
    assert line_segments(STAMP) == [Segment(0, len(STAMP), UNDETERMINED, 0.0)]


def test_an_arabic_paragraph_quoting_english_gets_an_english_sub_segment() -> None:
    english = [s for s in line_segments(WSJ) if s.lang == "en"]
    assert [WSJ[s.start : s.end] for s in english] == ["The Wall Street Journal"]


def test_the_rest_of_that_paragraph_is_arabic() -> None:
    langs = [s.lang for s in line_segments(WSJ)]
    assert langs == ["ar", "en", "ar"]


def test_segment_offsets_index_into_article_text() -> None:
    article = tag_language(_article(AR_HEADLINE, [STAMP, WSJ], [EN_CAPTION]))
    text = article_text(article)
    pieces = [(text[s.start : s.end], s.lang) for s in article.segments]
    assert pieces[0] == (AR_HEADLINE, "ar")
    assert (STAMP, UNDETERMINED) in pieces
    assert ("The Wall Street Journal", "en") in pieces
    assert pieces[-1] == (EN_CAPTION, "en")


def test_the_article_language_comes_from_headline_and_paragraphs() -> None:
    article = tag_language(_article(AR_HEADLINE, [AR_PARAGRAPH], [EN_CAPTION] * 5))
    assert article.language is not None
    assert article.language.code == "ar"


def test_captions_alone_do_not_decide_the_article_language() -> None:
    article = tag_language(_article(STAMP, [], [EN_CAPTION]))
    assert article.language is not None
    assert article.language.code == UNDETERMINED


def test_an_english_article_is_english() -> None:
    article = tag_language(_article(EN_CAPTION, [EN_CAPTION]))
    assert article.language is not None
    assert (article.language.code, article.language.confidence > 0.9) == ("en", True)


def test_an_empty_article_is_und_with_no_segments() -> None:
    article = tag_language(_article("", []))
    assert article.language is not None
    assert (article.language.code, article.segments) == (UNDETERMINED, [])


def test_only_language_and_segments_change() -> None:
    before = _article(AR_HEADLINE, [AR_PARAGRAPH], [EN_CAPTION])
    after = tag_language(before)
    assert replace(after, language=None, segments=[]) == before


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ('• لافروف: "توافق نووي" بين روسيا وإيران', "ar"),
        ("وزیر امور خارجه روسیه گفت که مذاکرات هفته آینده در استانبول برگزار می‌شود.", "fa"),
        ("وزیر اعظم نے کہا کہ حکومت غریب خاندانوں کی مدد کے لیے نیا منصوبہ پیش کرے گی۔", "ur"),
        ("הממשלה הודיעה על תוכנית חדשה לסיוע למשפחות מעוטות הכנסה.", "he"),
        ("Merkez Bankası faiz oranlarını yılın üçüncü kez artırdı.", "tr"),
    ],
)
def test_the_language_of_a_line(text: str, lang: str) -> None:
    assert text_language(text).code == lang


@pytest.mark.parametrize(
    "text",
    [
        "pic.twitter.com/zcnpuU7YOC",
        "@istanbulli1453",
        "https://www.example.com/news/2024/03/11/article-12345.html",
        "editor@example.com",
        "20 أبريل 2025 - 11:04 مساءً",
        "December 9, 2025",
        "(Photo by MANDEL NGAN / AFP)",
        "1,234,567",
        "",
    ],
)
def test_lines_without_language_are_und(text: str) -> None:
    assert text_language(text).code == UNDETERMINED


def test_a_short_latin_word_is_und_not_a_confident_guess() -> None:
    assert text_language("December").code == UNDETERMINED  # raw langdetect: nl 0.99999


def test_results_do_not_depend_on_earlier_calls() -> None:
    first = line_segments(WSJ)
    for other in (EN_CAPTION, AR_PARAGRAPH, STAMP):
        line_segments(other)
    assert line_segments(WSJ) == first


def test_results_do_not_depend_on_a_seed_set_elsewhere() -> None:
    first = line_segments('• لافروف: "توافق نووي" بين روسيا وإيران')
    langdetect_rs.DetectorFactory.seed = 12345
    assert line_segments('• لافروف: "توافق نووي" بين روسيا وإيران') == first


def test_the_fast_backend_is_used_when_installed() -> None:
    assert default_backend().name == "langdetect_rs"


def test_known_languages_are_iso_639_1_codes_or_und() -> None:
    assert all(len(code) == 2 and code.islower() for code in KNOWN_LANGUAGES - {UNDETERMINED})
    assert {"ar", "fa", "ur", "he", "en", "fr", "tr", UNDETERMINED} <= KNOWN_LANGUAGES
