"""Arabic normalisation: letter folding keeps length, deletions are mapped back exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workers.stages.text.arabic import normalize_arabic, normalize_with_map

FOLDING = [
    ("أحمد", "احمد"),
    ("إسطنبول", "اسطنبول"),
    ("آسيا", "اسيا"),
    ("ٱلله", "الله"),
    ("مصطفى", "مصطفي"),
    ("غزة", "غزه"),
    ("ایران", "ايران"),  # Persian yeh
    ("کرملين", "كرملين"),  # Persian kaf
    ("٢٠٢٥", "2025"),  # Arabic-Indic digits
    ("۱۴۰۳", "1403"),  # Persian digits
    ("الرّوسيّ", "الروسي"),  # shadda
    ("مُحَمَّد", "محمد"),  # harakat
    ("الـ18", "ال18"),  # tatweel
    ("روسيا\u00a0اليوم", "روسيا اليوم"),  # NBSP becomes a space
    ("ترامب\u200f", "ترامب"),  # RLM removed
    ("Washington", "Washington"),  # Latin untouched, case kept
]


@pytest.mark.parametrize(("raw", "expected"), FOLDING)
def test_normalize_folds(raw: str, expected: str) -> None:
    assert normalize_arabic(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), FOLDING)
def test_normalize_with_map_agrees(raw: str, expected: str) -> None:
    assert normalize_with_map(raw).text == expected


def test_span_keeps_marks_on_last_letter() -> None:
    text = "قال بوتينُ أمس"
    norm = normalize_with_map(text)
    start = norm.text.index("بوتين")
    assert norm.span(start, start + 5) == (4, 10)


_ALPHABET = st.sampled_from(
    [*"ابتثجحخدرسشصطعغفقكلمنهوي أإآىةی٣ ", "\u064e", "\u0651", "\u0640", "\u200b", "\u00a0"]
)


@settings(deadline=500, max_examples=300)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_every_normalised_char_maps_to_its_original(text: str) -> None:
    norm = normalize_with_map(text)
    for index, char in enumerate(norm.text):
        assert normalize_arabic(text[norm.to_original(index)]) == char


@settings(deadline=500, max_examples=300)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize_arabic(text)
    assert normalize_arabic(once) == once
