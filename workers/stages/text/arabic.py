"""Arabic text normalisation for matching, with a map back to the original offsets.

Matching runs on a normalised copy of the article text, but every mention must point into the
original text. Letter folding (alef forms, yeh, teh marbuta, digits, odd spaces) keeps the length,
so only the deleted characters (harakat, tatweel, zero-width marks) shift offsets
(:mod:`offset_map`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from workers.stages.text.offset_map import OffsetMap, check_pairs, drop_with_map, replace_all

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

# Two ways to fold, each faster on its own kind of input: on article text the replace chain of
# offset_map.replace_all; on a word or a short phrase (gazetteer keys, keywords) its 40
# membership tests cost more than a single str.translate.
_PAIRS = check_pairs([(chr(code), target) for code, target in _FOLD.items() if chr(code) != target])
_TABLE: dict[int, str | None] = {
    **{code: None for first, last in _DELETE_RANGES for code in range(first, last + 1)},
    **_FOLD,
}
_SHORT = 32  # below this length the translate table wins (measured on news text)


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised text and the map of its indices back to the original."""

    text: str
    original: str
    offsets: OffsetMap

    def to_original(self, index: int) -> int:
        """Original index of the normalised character at ``index`` (or of the end)."""
        return self.offsets.original(index)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of a normalised span; marks on the last letter stay inside."""
        return self.offsets.span(start, end, self.original, _MARKS)


def normalize_with_map(text: str) -> Normalized:
    """Fold letters in place, then delete marks while recording where offsets shift."""
    normalized, offsets = drop_with_map(replace_all(text, _PAIRS), _DELETE_RE)
    return Normalized(normalized, text, offsets)


def normalize_arabic(text: str) -> str:
    """The normalised form used for every comparison (gazetteer keys and article text)."""
    if len(text) < _SHORT:
        return text.translate(_TABLE)
    return _DELETE_RE.sub("", replace_all(text, _PAIRS))
