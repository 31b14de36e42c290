"""Arabic text normalisation for matching, with a map back to the original offsets.

Matching runs on a normalised copy of the article text, but every mention must point into the
original text. Letter folding (alef forms, yeh, teh marbuta, digits, odd spaces) keeps the length,
so only the deleted characters (harakat, tatweel, zero-width marks) shift offsets; the map
records those shifts as a short list of breakpoints instead of one entry per character.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

_FOLD: dict[int, str] = {
    **{ord(c): "ا" for c in "أإآٱٲٳٵ"},
    ord("ى"): "ي",
    ord("ی"): "ي",  # Persian yeh
    ord("ي"): "ي",
    ord("ة"): "ه",
    ord("ک"): "ك",  # Persian kaf
    ord("ڪ"): "ك",
    **{0x0660 + i: str(i) for i in range(10)},  # Arabic-Indic digits
    **{0x06F0 + i: str(i) for i in range(10)},  # Persian digits
    **{ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000"},
}

# Harakat and Quranic marks (they sit on the letter before them), then superscript alef,
# tatweel, zero-width and bidi controls, soft hyphen: (first, last) code points, inclusive.
_MARK_RANGES = ((0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06DC),
                (0x06DF, 0x06E8), (0x06EA, 0x06ED))  # fmt: skip
_DELETE_RANGES = (*_MARK_RANGES, (0x0640, 0x0640), (0x200B, 0x200F), (0x202A, 0x202E),
                  (0x2066, 0x2069), (0xFEFF, 0xFEFF), (0x00AD, 0x00AD))  # fmt: skip


def _char_class(ranges: Iterable[tuple[int, int]]) -> str:
    return "[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in ranges) + "]"


# "[…][…]*" rather than "[…]+": a pattern that starts with a plain class lets re skip ahead to
# the next candidate character in C, which makes finding these rare characters twice as fast.
_DELETE_RE = re.compile(_char_class(_DELETE_RANGES) * 2 + "*")
_MARKS = frozenset(chr(code) for first, last in _MARK_RANGES for code in range(first, last + 1))

# Two ways to fold, each faster on its own kind of input. str.translate costs a dict lookup per
# character (~45 ns), so on article text one str.replace per mapped character that actually
# occurs is several times cheaper and gives the same result; on a word or a short phrase
# (gazetteer keys, keywords) the 40 membership tests cost more than the single translate.
_PAIRS = tuple((chr(code), target) for code, target in _FOLD.items() if chr(code) != target)
_TABLE: dict[int, str | None] = {
    **{code: None for first, last in _DELETE_RANGES for code in range(first, last + 1)},
    **_FOLD,
}
_SHORT = 32  # below this length the translate table wins (measured on news text)


def _fold(text: str) -> str:
    for source, target in _PAIRS:
        if source in text:
            text = text.replace(source, target)
    return text


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised text and the breakpoints that map its indices back to the original."""

    text: str
    original: str
    _starts: tuple[int, ...]  # normalised index where a shift begins
    _shifts: tuple[int, ...]  # cumulative number of deleted characters from that index on

    def to_original(self, index: int) -> int:
        """Original index of the normalised character at ``index`` (or of the end)."""
        pos = bisect_right(self._starts, index)
        return index + (self._shifts[pos - 1] if pos else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of a normalised span; marks on the last letter stay inside."""
        return self.spans([(start, end)])[0]

    def spans(self, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """:meth:`span` of many spans at once: an article maps every mention back."""
        starts = self._starts
        if not starts:
            return pairs  # nothing was deleted, so there are no marks either
        shifts = self._shifts
        original = self.original
        size = len(original)
        result: list[tuple[int, int]] = []
        for start, end in pairs:
            pos = bisect_right(starts, start)
            o_start = start + shifts[pos - 1] if pos else start
            pos = bisect_right(starts, end - 1)
            o_end = end + shifts[pos - 1] if pos else end
            while o_end < size and original[o_end] in _MARKS:
                o_end += 1
            result.append((o_start, o_end))
        return result


def normalize_with_map(text: str) -> Normalized:
    """Fold letters in place, then delete marks while recording where offsets shift."""
    folded = _fold(text)
    if not _DELETE_RE.search(folded):
        return Normalized(folded, text, (), ())
    parts: list[str] = []
    starts: list[int] = []
    shifts: list[int] = []
    last = 0
    deleted = 0
    for match in _DELETE_RE.finditer(folded):
        match_start, match_end = match.span()
        parts.append(folded[last:match_start])
        deleted += match_end - match_start
        starts.append(match_end - deleted)
        shifts.append(deleted)
        last = match_end
    parts.append(folded[last:])
    return Normalized("".join(parts), text, tuple(starts), tuple(shifts))


def normalize_arabic(text: str) -> str:
    """The normalised form used for every comparison (gazetteer keys and article text)."""
    if len(text) < _SHORT:
        return text.translate(_TABLE)
    return _DELETE_RE.sub("", _fold(text))
