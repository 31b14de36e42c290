"""Text normalisation for date matching, with a map back to the original offsets.

Arabic spelling varies where it does not change the word (أمس/امس, غداً/غدا, الـ18/ال18, ١٥/15),
so patterns match a normalised copy. Folding alef forms, ى and ة, converting digits and
lower-casing Latin letters is one character for one character; dropping diacritics and
tatweel is not, hence the offset map.
"""

from __future__ import annotations

from workers.stages.text.char_class import join
from workers.stages.text.folding import (
    ALEF_FORMS,
    ALEF_WASLA,
    HARAKAT,
    INVISIBLE,
    NO_BREAK_SPACES,
    TATWEEL,
    Folding,
    letter_pairs,
)
from workers.stages.text.offset_map import OffsetMap

# Latin capitals are lowered one for one, so the patterns need no IGNORECASE, which makes
# Python's regex engine two to three times slower.
DATES = Folding(
    letter_pairs(
        alef=ALEF_FORMS + ALEF_WASLA,
        digits=True,
        spaces=NO_BREAK_SPACES,
        apostrophe=True,
        latin_capitals=True,
    ),
    dropped=join(HARAKAT, TATWEEL, INVISIBLE),
    marks=join(HARAKAT, TATWEEL),
)


def fold(text: str) -> str:
    """Fold and drop, without offsets: for data-file entries."""
    return DATES.fold(text)


def normalise(text: str) -> tuple[str, OffsetMap]:
    """The normalised text and the map back to the original offsets."""
    return DATES.fold_with_map(text)


def to_original(offsets: OffsetMap, start: int, end: int, text: str) -> tuple[int, int]:
    """Map a normalised [start, end) back to ``text``, keeping the marks on the last letter
    (غداً, not غدا) so the span shows the word as printed."""
    return DATES.span(offsets, start, end, text)
