"""Text normalisation for date matching, with a map back to the original offsets.

Arabic spelling varies where it does not change the word (أمس/امس, غداً/غدا, الـ18/ال18, ١٥/15),
so patterns match a normalised copy. Folding alef forms, ى and ة, converting digits and
lower-casing Latin letters is one character for one character; dropping diacritics and
tatweel is not, hence the offset map.
"""

from __future__ import annotations

import re

from workers.stages.text.offset_map import OffsetMap, check_pairs, drop_with_map, replace_all

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
_PAIRS = check_pairs(list(_FOLD.items()))
# Harakat, tanween, shadda, sukun, superscript alef, tatweel, bidi and zero-width marks.
_DROP_RUNS = re.compile("[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069]+")


def fold(text: str) -> str:
    """Fold and drop, without offsets: for data-file entries."""
    return _DROP_RUNS.sub("", replace_all(text, _PAIRS))


def normalise(text: str) -> tuple[str, OffsetMap]:
    """The normalised text and the map back to the original offsets."""
    return drop_with_map(replace_all(text, _PAIRS), _DROP_RUNS)


def to_original(offsets: OffsetMap, start: int, end: int, text: str) -> tuple[int, int]:
    """Map a normalised [start, end) back to ``text``, keeping the marks on the last letter
    (غداً, not غدا) so the span shows the word as printed."""
    return offsets.span(start, end, text, _MARKS)


_MARKS = frozenset(chr(c) for c in [*range(0x064B, 0x0660), 0x0670, 0x0640])
