"""Properties of the language stage over generated text (hypothesis, bounded sizes)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workers.record import Article, FileInfo, article_text
from workers.stages.language import KNOWN_LANGUAGES, line_segments, tag_language
from workers.stages.language.patterns import SCRIPT_LANGUAGES
from workers.stages.language.segments import blank_noise, count_letters

ARABIC = "ابتثجحخدذرسشصضطظعغفقكلمنهويةىءأإآؤئپچژگکیےںڈٹڑ"
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèàçöüşğı"
NEUTRAL = " 0123456789.,:;!?()-«»\"'@#/،؛؟٠١٢٣"
HEBREW = "אבגדהוזחטיכלמנסעפצקרשת"

FAST = settings(max_examples=150, deadline=2000)


def _words(alphabet: str) -> st.SearchStrategy[str]:
    word = st.text(alphabet=alphabet, min_size=1, max_size=12)
    return st.lists(word, max_size=30).map(" ".join)


MIXED = st.text(alphabet=ARABIC + LATIN + NEUTRAL + HEBREW, max_size=300)
LINES = st.lists(
    st.text(alphabet=ARABIC + LATIN + NEUTRAL + HEBREW + "\n", max_size=300), max_size=6
)


def _article(lines: list[str]) -> Article:
    file = FileInfo(sha256="0" * 64, name=None, bytes=0, encoding="utf-8")
    headline, *rest = lines or [""]
    return Article(
        article_id="x", file=file, position=0, role="main", headline=headline, paragraphs=rest
    )


@FAST
@given(LINES)
def test_segments_are_sorted_non_overlapping_and_inside_the_text(lines: list[str]) -> None:
    article = tag_language(_article(lines))
    text = article_text(article)
    previous_end = 0
    for segment in article.segments:
        assert previous_end <= segment.start < segment.end <= len(text)
        assert "\n" not in text[segment.start : segment.end]
        previous_end = segment.end


@FAST
@given(LINES)
def test_every_code_emitted_is_known(lines: list[str]) -> None:
    article = tag_language(_article(lines))
    assert article.language is not None
    codes = {article.language.code, *(segment.lang for segment in article.segments)}
    assert codes <= KNOWN_LANGUAGES


@FAST
@given(_words(ARABIC + "0123456789.,:؛،؟ «»()"))
def test_arabic_script_is_never_a_latin_script_language(line: str) -> None:
    assert {s.lang for s in line_segments(line)} <= SCRIPT_LANGUAGES["arabic"] | {"und"}


@FAST
@given(_words(LATIN + "0123456789.,:;!? ()"))
def test_latin_script_is_never_an_arabic_script_language(line: str) -> None:
    assert {s.lang for s in line_segments(line)} <= SCRIPT_LANGUAGES["latin"] | {"und"}


@FAST
@given(MIXED)
def test_the_same_line_gives_the_same_segments(line: str) -> None:
    assert line_segments(line) == line_segments(line)


@FAST
@given(st.text(max_size=300))
def test_blanking_noise_keeps_every_offset(line: str) -> None:
    assert len(blank_noise(line)) == len(line)


@FAST
@given(st.text(max_size=300))
def test_the_fast_letter_count_equals_counting_every_character(text: str) -> None:
    assert count_letters(text) == sum(map(str.isalpha, text))
