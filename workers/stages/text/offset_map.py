"""Normalise a text for matching and map matched spans back to the original offsets.

Two stages match on a normalised copy of the article text (entities in :mod:`text.arabic`, dates
in :mod:`dates.text`), each with its own letter folding and its own set of characters to drop, but
the mechanics are shared: folding is one character for one character, done with a chain of
``str.replace`` (a C-level ``in`` test per mapped character, a replace for the few that occur:
several times cheaper on article text than ``str.translate``, a dict lookup per character);
only the dropped characters shift offsets, and the map records those shifts as one breakpoint
per run of dropped characters instead of one entry per kept character.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass


def replace_all(text: str, pairs: Sequence[tuple[str, str]]) -> str:
    """Every ``source`` character replaced by its ``target``. No target may itself be a source
    (see :func:`check_pairs`), so the order of the pairs does not matter."""
    for source, target in pairs:
        if source in text:
            text = text.replace(source, target)
    return text


def check_pairs(pairs: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The pairs as a tuple, refused when a target is also a source (order would matter)."""
    if {source for source, _ in pairs} & {target for _, target in pairs}:
        raise ValueError("a fold target is also a source: the replace chain would depend on order")
    return tuple(pairs)


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """From normalised index ``starts[i]`` on, the original index is ``shifts[i]`` larger."""

    starts: tuple[int, ...] = ()
    shifts: tuple[int, ...] = ()

    def original(self, index: int) -> int:
        """The original index of the normalised character at ``index`` (or of the end)."""
        pos = bisect_right(self.starts, index)
        return index + (self.shifts[pos - 1] if pos else 0)

    def span(self, start: int, end: int, original: str, marks: Collection[str]) -> tuple[int, int]:
        """The original [start, end) of a normalised span; the marks written on its last letter
        (dropped from the normalised text) stay inside, so the span shows the word as printed."""
        if not self.starts:
            return start, end  # nothing was dropped, so there are no marks either
        o_start = self.original(start)
        o_end = self.original(end - 1) + 1
        while o_end < len(original) and original[o_end] in marks:
            o_end += 1
        return o_start, o_end


NO_SHIFT = OffsetMap()


def drop_with_map(text: str, runs: re.Pattern[str]) -> tuple[str, OffsetMap]:
    """``text`` without every match of ``runs``, and the map back to ``text``'s offsets."""
    if runs.search(text) is None:
        return text, NO_SHIFT
    parts: list[str] = []
    starts: list[int] = []
    shifts: list[int] = []
    last = dropped = 0
    for run in runs.finditer(text):
        start, end = run.span()
        parts.append(text[last:start])
        starts.append(start - dropped)
        dropped += end - start
        shifts.append(dropped)
        last = end
    parts.append(text[last:])
    return "".join(parts), OffsetMap(tuple(starts), tuple(shifts))
