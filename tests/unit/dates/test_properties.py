"""Properties of find_dates on generated text: offsets, order, no overlaps, determinism, and
bounded time on adversarial input (a regex that backtracks badly would hit the deadline)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from workers.stages.dates import find_dates

PIECES = [
    "15", "و17", "مارس", "شباط/فبراير", "الـ", "١٨", "من", "2024", "1446", "هـ", "اليوم",
    "الاثنين", "أمس", "قبل", "يومين", "الأسبوع", "الماضي", "السابع", "عشر", "والعشرين",
    "شعبان", "December", "9,", "décembre", "بغداد", "ً", "ّ", "ـ", "،", "/", "-", ":", " ",
    "\n", "يوم", "عام", "في", "شهر", "المقبل", "الجاري", "2000", "مرة", "%", "الشهر",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join) | st.text(max_size=200)
bases = st.none() | st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))


@settings(max_examples=300, deadline=500)
@given(texts, bases)
def test_mentions_index_the_text_in_order_without_overlap(text: str, base: date | None) -> None:
    mentions = find_dates(text, base)
    end = 0
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= end
        assert mention.end > mention.start
        end = mention.end


@settings(max_examples=100, deadline=500)
@given(texts, bases)
def test_same_input_same_output(text: str, base: date | None) -> None:
    assert find_dates(text, base) == find_dates(text, base)


@settings(max_examples=50, deadline=1000)
@given(st.integers(min_value=1, max_value=400), st.sampled_from(["1", "و1", "15 و", "ال1 ", "- "]))
def test_long_runs_of_near_matches_stay_fast(count: int, piece: str) -> None:
    find_dates(piece * count, date(2025, 2, 27))


long_texts = st.lists(st.sampled_from(PIECES), min_size=100, max_size=400).map(" ".join)


@settings(max_examples=200, deadline=1000)
@given(texts | long_texts, bases)
def test_anchor_gate_changes_nothing(text: str, base: date | None) -> None:
    assert find_dates(text, base) == find_dates(text, base, gated=False)
