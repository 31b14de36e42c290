"""Text normalisation for date matching, with a map back to the original offsets.

Arabic spelling varies where it does not change the word (أمس/امس, غداً/غدا, الـ18/ال18, ١٥/15),
so patterns match a normalised copy. Folding alef forms, ى and ة, converting digits and
lower-casing Latin letters is one character for one character; dropping diacritics and
tatweel is not, hence the offset map.
"""

from __future__ import annotations

import re

_FOLD = str.maketrans(
    {
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
)
# Harakat, tanween, shadda, sukun, superscript alef, tatweel, bidi and zero-width marks.
_DROP_CLASS = "[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
_DROP = re.compile(_DROP_CLASS)
_DROP_CHARS = frozenset(chr(c) for c in range(0x0600, 0x2070) if re.fullmatch(_DROP_CLASS, chr(c)))


def fold(text: str) -> str:
    """Fold and drop, without offsets: for data-file entries."""
    return _DROP.sub("", text.translate(_FOLD))


def normalise(text: str) -> tuple[str, list[int] | None]:
    """The normalised text and, when characters were dropped, the original index of each kept one.

    ``None`` means the offsets are unchanged (the common case: no diacritics in the text).
    """
    folded = text.translate(_FOLD)
    if not _DROP.search(folded):
        return folded, None
    kept = [i for i, char in enumerate(folded) if char not in _DROP_CHARS]
    return "".join(folded[i] for i in kept), kept


def to_original(index_map: list[int] | None, start: int, end: int, text: str) -> tuple[int, int]:
    """Map a normalised [start, end) back to ``text``, keeping the marks on the last letter
    (غداً, not غدا) so the span shows the word as printed."""
    if index_map is None:
        return start, end
    orig_start = index_map[start]
    orig_end = index_map[end - 1] + 1
    while orig_end < len(text) and text[orig_end] in _MARKS:
        orig_end += 1
    return orig_start, orig_end


_MARKS = frozenset(chr(c) for c in [*range(0x064B, 0x0660), 0x0670, 0x0640])
