"""Text normalisation for date matching, with a map back to the original offsets.

Arabic spelling varies where it does not change the word (أمس/امس, غداً/غدا, الـ18/ال18, ١٥/15),
so patterns match a normalised copy. Folding alef forms, ى and ة, converting digits and
lower-casing Latin letters is one character for one character; dropping diacritics and
tatweel is not, hence the offset map.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

_FOLD: dict[str, str] = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "\u00a0": " ",
    "\u202f": " ",
    "’": "'",
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended (Persian/Urdu) digits
    # Latin capitals to lower case, one for one (A–Z, À–Þ but ×), so the patterns need no
    # IGNORECASE, which makes Python's regex engine two to three times slower.
    **{chr(c): chr(c + 32) for c in [*range(0x41, 0x5B), *range(0xC0, 0xDF)] if c != 0xD7},
}
# str.translate with a dict costs a dict lookup (and a KeyError) per character of Arabic text;
# one C-level ``in`` test per mapped character, and a str.replace for the few that occur, gives
# the same result several times faster. Order does not matter: no target is itself a source.
_PAIRS = tuple(_FOLD.items())
if set(_FOLD) & set(_FOLD.values()):
    raise RuntimeError("a fold target is also a source: the replace chain would depend on order")
# Harakat, tanween, shadda, sukun, superscript alef, tatweel, bidi and zero-width marks.
_DROP_CLASS = "[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
_DROP_RUNS = re.compile(_DROP_CLASS + "+")


class IndexMap(NamedTuple):
    """Where dropped characters shift offsets: from normalised index ``starts[i]`` on, the
    original index is ``shifts[i]`` larger. One breakpoint per run of dropped characters
    instead of one entry per kept character; only the few matched spans are ever mapped."""

    starts: tuple[int, ...]
    shifts: tuple[int, ...]

    def original(self, index: int) -> int:
        """The original index of the normalised character at ``index``."""
        pos = bisect_right(self.starts, index)
        return index + (self.shifts[pos - 1] if pos else 0)


def _fold_letters(text: str) -> str:
    for source, target in _PAIRS:
        if source in text:
            text = text.replace(source, target)
    return text


def fold(text: str) -> str:
    """Fold and drop, without offsets: for data-file entries."""
    return _DROP_RUNS.sub("", _fold_letters(text))


def normalise(text: str) -> tuple[str, IndexMap | None]:
    """The normalised text and, when characters were dropped, the map back to the original.

    ``None`` means the offsets are unchanged (no diacritics or marks in the text).
    """
    folded = _fold_letters(text)
    if not _DROP_RUNS.search(folded):
        return folded, None
    parts: list[str] = []
    starts: list[int] = []
    shifts: list[int] = []
    last = dropped = 0
    for run in _DROP_RUNS.finditer(folded):
        start, end = run.span()
        parts.append(folded[last:start])
        starts.append(start - dropped)
        dropped += end - start
        shifts.append(dropped)
        last = end
    parts.append(folded[last:])
    return "".join(parts), IndexMap(tuple(starts), tuple(shifts))


def to_original(index_map: IndexMap | None, start: int, end: int, text: str) -> tuple[int, int]:
    """Map a normalised [start, end) back to ``text``, keeping the marks on the last letter
    (غداً, not غدا) so the span shows the word as printed."""
    if index_map is None:
        return start, end
    orig_start = index_map.original(start)
    orig_end = index_map.original(end - 1) + 1
    while orig_end < len(text) and text[orig_end] in _MARKS:
        orig_end += 1
    return orig_start, orig_end


_MARKS = frozenset(chr(c) for c in [*range(0x064B, 0x0660), 0x0670, 0x0640])
