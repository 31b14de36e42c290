"""Foldings: one table per use, the differences between stages named, not copied."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from workers.stages.dates.text import DATES
from workers.stages.enrich.patterns import LETTERS
from workers.stages.split.patterns import PHRASES, fold
from workers.stages.text.arabic import MATCHING
from workers.stages.text.folding import ALEF_FORMS, Folding, letter_pairs

ALL = (MATCHING, DATES, PHRASES, LETTERS)
_ALPHABET = st.sampled_from([*"أإآٱٲاىيیةهکك١٥۵ ’'AÀ×éçب", "\u00a0", "\u064e", "\u0651", "\u0640",
                             "\u0610", "\u06d6", "\u200f", "\ufeff", "\u00ad"])  # fmt: skip


def test_every_folding_folds_the_letters_all_share() -> None:
    for folding in ALL:
        assert "أحمد على مدرسة".translate(folding.table) == "احمد علي مدرسه"


def test_the_differences_are_the_named_ones() -> None:
    assert MATCHING.fold("کتاب ی ٣") == "كتاب ي 3"  # Persian letters and digits
    assert DATES.fold("کتاب ی ٣") == "کتاب ی 3"  # digits only
    assert DATES.fold("March’s") == "march's"  # Latin capitals and the apostrophe
    assert MATCHING.fold("March") == "March"
    assert fold("Légende  PHOTO") == "legende photo"  # accents, any case, one space
    assert "ٱلله".translate(LETTERS.table) == "ٱلله"  # the enrich phrases keep the wasla
    assert MATCHING.fold("ٱلله") == "الله"


def test_classes_cover_every_spelling_of_a_letter() -> None:
    classes = PHRASES.classes()
    for spelling in "اأإآٱ":
        assert re.fullmatch(classes["ا"], spelling)
        assert classes[spelling] == classes["ا"]
    assert re.fullmatch(classes["e"], "ê")
    assert "ٱ" not in LETTERS.classes()


def test_a_target_that_is_also_a_source_is_refused() -> None:
    try:
        Folding(letter_pairs(alef="ي"))  # ي→ا while ى→ي: the result would depend on order
    except ValueError as error:
        assert "order" in str(error)
    else:
        raise AssertionError("a chained folding was accepted")


@settings(deadline=500, max_examples=300)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_short_and_long_paths_and_the_offset_map_agree(text: str) -> None:
    """``fold`` takes str.translate under 32 characters and the replace chain above: both, and
    the text of ``fold_with_map``, must be the same string."""
    for folding in (MATCHING, DATES):
        by_table = text.translate(folding.table)
        assert folding.fold(text) == by_table
        assert folding.fold(text * 3) == by_table * 3
        assert folding.fold_with_map(text)[0] == by_table


def test_a_span_keeps_the_marks_of_its_last_letter() -> None:
    text = "غداً"
    folded, offsets = DATES.fold_with_map(text)
    assert folded == "غدا"
    assert DATES.span(offsets, 0, 3, text) == (0, 4)


def test_a_folding_that_drops_nothing_still_folds_long_text() -> None:
    text = "أحمد على مدرسة " * 4
    assert LETTERS.fold(text) == text.translate(LETTERS.table)
    assert LETTERS.fold_with_map(text)[0] == LETTERS.fold(text)


def test_classes_escape_what_regex_would_read() -> None:
    classes = Folding(letter_pairs(alef=ALEF_FORMS, apostrophe=True)).classes()
    assert re.fullmatch(classes["'"], "’")
