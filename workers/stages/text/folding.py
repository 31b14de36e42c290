"""Letter folding: which spellings a comparison treats as one, written once for every stage.

Newsrooms print one Arabic word several ways (أحمد/احمد, على/علي, مدرسة/مدرسه, ١٥/15, with or
without harakat and tatweel), so every stage compares a folded copy. The stages do not fold
identically, and for good reasons: entity matching also folds Persian letters and odd spaces,
the dates stage lower-cases Latin letters one for one (its patterns then need no IGNORECASE,
which is two to three times slower) and turns ’ into ', the split stage folds accented Latin
vowels of French captions, and the enrich patterns leave the wasla alef alone. Each difference
is a named parameter of one :class:`Folding`; the character groups below are written once.

Folding is one character for one character; only dropped characters (marks, tatweel,
invisible controls) shift offsets, which :mod:`workers.stages.text.offset_map` records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from workers.stages.text.char_class import Ranges, char_class
from workers.stages.text.offset_map import OffsetMap, check_pairs, drop_with_map, replace_all

ALEF_FORMS = "أإآ"  # hamza above, hamza below, madda
ALEF_WASLA = "ٱ"
ALEF_WAVY_HAMZA = "ٲٳٵ"  # Persian and Urdu typing
ALEF_MAKSURA = "ى"
PERSIAN_YEH = "ی"
PERSIAN_KAFS = "کڪ"
TEH_MARBUTA = "ة"
ARABIC_INDIC_DIGITS = "".join(chr(0x0660 + d) for d in range(10))
PERSIAN_DIGITS = "".join(chr(0x06F0 + d) for d in range(10))
NO_BREAK_SPACES = "\u00a0\u202f"
OTHER_SPACES = "\u2007\u2009\u200a\u2002\u2003\u3000"  # figure, thin, hair, en, em, ideographic
ACCENTED_LATIN = ("àâä", "a"), ("éèêë", "e"), ("îï", "i"), ("ôö", "o"), ("ùûü", "u"), ("ç", "c")
# Latin capitals one for one (A–Z, À–Þ but ×): str.lower() may change the length.
LATIN_CAPITALS = [chr(c) for c in (*range(0x41, 0x5B), *range(0xC0, 0xDF)) if c != 0xD7]

HARAKAT: Ranges = ((0x064B, 0x065F), (0x0670, 0x0670))  # tanween…sukun, superscript alef
HONORIFIC_SIGNS: Ranges = ((0x0610, 0x061A),)  # ﷺ-style signs above a letter
QURANIC_MARKS: Ranges = ((0x06D6, 0x06DC), (0x06DF, 0x06E8), (0x06EA, 0x06ED))
TATWEEL: Ranges = ((0x0640, 0x0640),)
INVISIBLE: Ranges = ((0x200B, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069))  # zero-width, bidi
BOM_AND_SOFT_HYPHEN: Ranges = ((0xFEFF, 0xFEFF), (0x00AD, 0x00AD))


def letter_pairs(
    *,
    alef: str,
    persian: bool = False,
    digits: bool = False,
    spaces: str = "",
    apostrophe: bool = False,
    latin_capitals: bool = False,
    latin_accents: bool = False,
) -> tuple[tuple[str, str], ...]:
    """The one-for-one replacements of a folding; every one also folds ى→ي and ة→ه."""
    pairs = [(c, "ا") for c in alef] + [(ALEF_MAKSURA, "ي"), (TEH_MARBUTA, "ه")]
    if persian:
        pairs += [(PERSIAN_YEH, "ي"), *((c, "ك") for c in PERSIAN_KAFS)]
    if digits:
        pairs += [(c, str(d)) for digits_of in (ARABIC_INDIC_DIGITS, PERSIAN_DIGITS)
                  for d, c in enumerate(digits_of)]  # fmt: skip
    pairs += [(c, " ") for c in spaces]
    if apostrophe:
        pairs.append(("’", "'"))
    if latin_capitals:
        pairs += [(c, chr(ord(c) + 32)) for c in LATIN_CAPITALS]
    if latin_accents:
        pairs += [(c, plain) for accented, plain in ACCENTED_LATIN for c in accented]
    return check_pairs(pairs)


@dataclass(frozen=True)
class Folding:
    """A folding: letters replaced one for one, characters dropped, and among those the marks
    that belong to the letter before them (a span ending on a letter keeps its marks)."""

    pairs: tuple[tuple[str, str], ...]
    dropped: Ranges = ()
    marks: Ranges = field(default=())

    @cached_property
    def table(self) -> dict[int, str | None]:
        """For ``str.translate``: faster than the replace chain on a word or a short phrase."""
        return {**{c: None for a, b in self.dropped for c in range(a, b + 1)},
                **{ord(source): target for source, target in self.pairs}}  # fmt: skip

    @cached_property
    def dropped_re(self) -> re.Pattern[str]:
        # "[…][…]*" rather than "[…]+": a pattern that starts with a plain class lets re skip
        # ahead to the next candidate in C, which finds these rare characters twice as fast.
        if not self.dropped:
            return re.compile("(?!)")  # a folding that drops nothing: never matches
        dropped = char_class(self.dropped)
        return re.compile(dropped + dropped + "*")

    @cached_property
    def mark_set(self) -> frozenset[str]:
        return frozenset(chr(c) for a, b in self.marks for c in range(a, b + 1))

    def classes(self) -> dict[str, str]:
        """Every letter that folds, and its target, → a regex class of all its spellings."""
        members: dict[str, str] = {}
        for source, target in self.pairs:
            members[target] = members.get(target, target) + source
        return {
            c: "[" + "".join(map(re.escape, spellings)) + "]"
            for spellings in members.values()
            for c in spellings
        }

    def fold(self, text: str) -> str:
        """The folded text, without offsets (data-file entries, gazetteer keys, comparisons)."""
        if len(text) < 32:  # below this length str.translate wins (measured on news text)
            return text.translate(self.table)
        return self.dropped_re.sub("", replace_all(text, self.pairs))

    def fold_with_map(self, text: str) -> tuple[str, OffsetMap]:
        """The folded text and the map of its offsets back to ``text``."""
        return drop_with_map(replace_all(text, self.pairs), self.dropped_re)

    def span(self, offsets: OffsetMap, start: int, end: int, original: str) -> tuple[int, int]:
        """Original (start, end) of a folded span; marks on the last letter stay inside."""
        return offsets.span(start, end, original, self.mark_set)
