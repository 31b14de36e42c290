"""Hypothesis strategies: articles whose fingerprints crowd around a few stories, so that
near-duplicates, chains and merges are common."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from workers.stages.cluster.member import Member

EPOCH = datetime(2026, 3, 1, tzinfo=UTC)
STORIES = (0x0123456789ABCDEF, 0x0123456789ABCD00, 0xF0F0F0F00F0F0F0F)


def iso(seconds: int) -> str:
    return (EPOCH + timedelta(seconds=seconds)).isoformat(timespec="milliseconds")


@st.composite
def fingerprints(draw: st.DrawFn) -> str:
    value = draw(st.sampled_from(STORIES))
    for bit in draw(st.lists(st.integers(0, 63), max_size=5)):
        value ^= 1 << bit
    return f"{value:016x}"


@st.composite
def articles(draw: st.DrawFn, max_size: int = 24) -> list[Member]:
    count = draw(st.integers(1, max_size))
    return [
        Member(f"a{i:02d}", draw(fingerprints()), iso(draw(st.integers(0, 30))))
        for i in range(count)
    ]
