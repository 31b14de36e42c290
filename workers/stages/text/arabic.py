"""Arabic text normalisation for matching, with a map back to the original offsets.

Matching runs on a normalised copy of the article text, but every mention must point into the
original text. The folding here (``MATCHING``, see :mod:`folding`) is the widest of the stages':
alef forms, yeh and kaf (Persian too), teh marbuta, digits and odd spaces, one character for
one, and harakat, Quranic marks, tatweel and invisible controls dropped, which is what shifts
offsets (:mod:`offset_map`).
"""

from __future__ import annotations

from dataclasses import dataclass

from workers.stages.text.char_class import join
from workers.stages.text.folding import (
    ALEF_FORMS,
    ALEF_WASLA,
    ALEF_WAVY_HAMZA,
    BOM_AND_SOFT_HYPHEN,
    HARAKAT,
    HONORIFIC_SIGNS,
    INVISIBLE,
    NO_BREAK_SPACES,
    OTHER_SPACES,
    QURANIC_MARKS,
    TATWEEL,
    Folding,
    letter_pairs,
)
from workers.stages.text.offset_map import OffsetMap

_MARKS = join(HONORIFIC_SIGNS, HARAKAT, QURANIC_MARKS)  # they sit on the letter before them
MATCHING = Folding(
    letter_pairs(
        alef=ALEF_FORMS + ALEF_WASLA + ALEF_WAVY_HAMZA,
        persian=True,
        digits=True,
        spaces=NO_BREAK_SPACES + OTHER_SPACES,
    ),
    dropped=join(_MARKS, TATWEEL, INVISIBLE, BOM_AND_SOFT_HYPHEN),
    marks=_MARKS,
)


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
        return MATCHING.span(self.offsets, start, end, self.original)


def normalize_with_map(text: str) -> Normalized:
    """Fold letters in place, then delete marks while recording where offsets shift."""
    normalized, offsets = MATCHING.fold_with_map(text)
    return Normalized(normalized, text, offsets)


def normalize_arabic(text: str) -> str:
    """The normalised form used for every comparison (gazetteer keys and article text)."""
    return MATCHING.fold(text)
