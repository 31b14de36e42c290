"""The shared offset map of the entity and date normalisations."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workers.stages.text.offset_map import NO_SHIFT, check_pairs, drop_with_map, replace_all

MARKS = frozenset("\u064e\u0651")
DROP = re.compile("[\u064e\u0651\u0640]+")


@given(st.lists(st.sampled_from([*"ابت ", "\u064e", "\u0651", "\u0640"]), max_size=40).map("".join))
def test_every_kept_character_maps_back_to_itself(text: str) -> None:
    kept, offsets = drop_with_map(text, DROP)
    assert kept == DROP.sub("", text)
    for index, char in enumerate(kept):
        assert text[offsets.original(index)] == char


def test_a_span_keeps_the_marks_of_its_last_letter() -> None:
    text = "قالَ بوتينَّ أمس"
    kept, offsets = drop_with_map(text, DROP)
    assert kept == "قال بوتين أمس"
    start = kept.index("بوتين")
    assert offsets.span(start, start + 5, text, MARKS) == (5, 12)
    assert text[5:12] == "بوتينَّ"


def test_nothing_dropped_means_no_shift() -> None:
    assert drop_with_map("بلا تشكيل", DROP) == ("بلا تشكيل", NO_SHIFT)


def test_replace_all_folds_every_pair_and_refuses_chains() -> None:
    assert replace_all("أإى", check_pairs([("أ", "ا"), ("إ", "ا"), ("ى", "ي")])) == "ااي"
    with pytest.raises(ValueError, match="also a source"):
        check_pairs([("أ", "ا"), ("ا", "ء")])
