"""Every regex of the split stage, built once from the phrase lists in ``workers/data/split``.

Phrases are written once, in their common spelling; :func:`tolerant` turns each into a pattern
that also accepts the spellings newsrooms actually print: with or without harakat and tatweel,
any hamza form of alef, ى for ي, ه for ة, accented or plain Latin vowels, upper or lower case.
All patterns are anchored or searched only over a bounded tail of a line, and no quantifier
is nested inside another, so matching is linear in the line length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from workers.stages.text.alternation import longest_first
from workers.stages.text.char_class import char_class, join
from workers.stages.text.data_files import data_dir, load_toml
from workers.stages.text.folding import (
    ALEF_FORMS,
    ALEF_WASLA,
    HARAKAT,
    HONORIFIC_SIGNS,
    TATWEEL,
    Folding,
    letter_pairs,
)

DATA_DIR = data_dir("split")
LANGUAGES = ("ar", "en", "fr")
LIST_KEYS = (
    "read_also",
    "related_labels",
    "dateline_labels",
    "source_labels",
    "keyword_labels",
    "byline_words",
    "byline_prefixes",
    "boilerplate",
    "caption_credits",
    "caption_prefixes",
    "months",
    "ampm",
)

# What a phrase tolerates: harakat, honorific signs and tatweel anywhere, any hamza form of
# alef, ى for ي, ة for ه, accented Latin vowels.
PHRASES = Folding(
    letter_pairs(alef=ALEF_FORMS + ALEF_WASLA, latin_accents=True),
    dropped=join(HONORIFIC_SIGNS, HARAKAT, TATWEEL),
)
_DIAC = char_class(PHRASES.dropped) + "*"
_CLASSES = PHRASES.classes()


def fold(text: str) -> str:
    """Comparison key: no harakat/tatweel, one alef, one case, no accents, one space."""
    return " ".join(text.lower().translate(PHRASES.table).split())


def tolerant(phrase: str) -> str:
    """A regex source matching ``phrase`` in any of the spellings listed in the module doc."""
    parts: list[str] = []
    for char in fold(phrase):
        if char == " ":
            parts.append(r"[\s_]*")
        elif char in "-‐–":
            parts.append(r"[\s\-‐–]*")
        elif char.isalpha():
            parts.append(_CLASSES.get(char, re.escape(char)) + _DIAC)
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def alternation(phrases: list[str]) -> str:
    """Longest phrase first, so ``اقرأ المزيد`` is not cut short by a shorter sibling."""
    return "(?:" + longest_first(phrases, tolerant, length=lambda p: len(fold(p))) + ")"


@cache
def phrase_lists_of(lang: str) -> dict[str, list[str]]:
    """One language's lists, every key present (empty when the file leaves it out)."""
    data = load_toml("split", f"{lang}.toml")
    return {key: [str(item) for item in data.get(key, [])] for key in LIST_KEYS}


@cache
def phrase_lists() -> dict[str, list[str]]:
    """The per-language lists merged per key (a layout phrase is matched in any article)."""
    merged: dict[str, list[str]] = {key: [] for key in LIST_KEYS}
    for lang in LANGUAGES:
        for key, items in phrase_lists_of(lang).items():
            merged[key].extend(items)
    return merged


@dataclass(frozen=True, slots=True)
class Patterns:
    marker: re.Pattern[str]
    label: re.Pattern[str]
    dateline: re.Pattern[str]
    dateish: re.Pattern[str]
    source: re.Pattern[str]
    keywords: re.Pattern[str]
    stamp_line: re.Pattern[str]
    stamp_inline: re.Pattern[str]
    embed_tail: re.Pattern[str]
    caption_tail: re.Pattern[str]
    caption_head: re.Pattern[str]
    boilerplate: re.Pattern[str]
    byline_word: re.Pattern[str]
    byline_prefix: re.Pattern[str]
    bullet: re.Pattern[str]
    site: re.Pattern[str]
    arabic_letter: re.Pattern[str]
    latin_letter: re.Pattern[str]


def _ampm(words: list[str]) -> str:
    """Short forms (ص, م, AM) must not be the first letter of the next word."""

    def spell(word: str) -> str:
        return tolerant(word) + (r"(?!\w)" if len(fold(word)) <= 2 else "")

    return "(?:" + longest_first(words, spell) + ")"


@cache
def patterns() -> Patterns:
    lists = phrase_lists()
    month = alternation(lists["months"])
    ampm = _ampm(lists["ampm"])
    time = rf"\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s?{ampm})?"
    zone = r"(?:\s?(?:GMT|UTC|Z|[+-]\d{2}:?\d{2}))?"
    iso = rf"\d{{4}}-\d{{2}}-\d{{2}}(?:\s?[@T ]\s?{time})?{zone}"
    day_month_year = rf"\d{{1,2}}\s?{month}\s?,?\s?\d{{4}}(?:\s?[-–,@]?\s?{time})?{zone}"
    month_day_year = rf"{month}\s\d{{1,2}},?\s\d{{4}}(?:\s?[-–,@]?\s?{time})?{zone}"
    stamp = rf"(?:{iso}|{day_month_year}|{month_day_year})"
    credits = alternation(lists["caption_credits"])
    caption_prefixes = alternation(lists["caption_prefixes"])
    en_months = alternation(phrase_lists_of("en")["months"])
    flags = re.IGNORECASE
    return Patterns(
        marker=re.compile(rf"(?P<label>{alternation(lists['read_also'])}(?:\s?[:：])?)\s*", flags),
        label=re.compile(
            rf"(?P<label>{alternation(lists['related_labels'])}(?:\s?[:：])?)\s*", flags
        ),
        dateline=re.compile(rf"{alternation(lists['dateline_labels'])}\s?[:：]?\s?\S", flags),
        dateish=re.compile(
            rf"(?:\d{{4}}|\d{{1,2}}[/.\-]\d{{1,2}})(?:.{{0,40}}(?:\d|GMT|UTC|{ampm}))?\W*$", flags
        ),
        source=re.compile(rf"(?P<label>{alternation(lists['source_labels'])}\s?[:：])\s*\S", flags),
        keywords=re.compile(rf"(?P<label>{alternation(lists['keyword_labels'])}\s?[:：])", flags),
        stamp_line=re.compile(stamp, flags),
        stamp_inline=re.compile(rf"(?<!\d){stamp}", flags),
        embed_tail=re.compile(
            r"(?:(?P<url>pic\.twitter\.com/\w{1,40}|https?://t\.co/\w{1,40})\s?)?"
            r"[—–-]\s?[^—–()]{0,80}\((?P<handle>@\w{1,30})\)\s?"
            rf"{en_months}\s\d{{1,2}},\s?\d{{4}}$",
            flags,
        ),
        caption_tail=re.compile(
            rf"\(\s?(?:{credits}|{caption_prefixes}[^()]{{0,150}})\s?\)$", flags
        ),
        caption_head=re.compile(caption_prefixes, flags),
        boilerplate=re.compile(alternation(lists["boilerplate"]), flags),
        byline_word=re.compile(
            rf"(?:^|[\s/_(),،\-–]){alternation(lists['byline_words'])}(?=$|[\s/_(),،\-–])", flags
        ),
        byline_prefix=re.compile(rf"{alternation(lists['byline_prefixes'])}(?:\s|:)", flags),
        bullet=re.compile(r"[•·▪◾►●■◆✓*-]\s?"),
        site=re.compile(r"[^\s:]{1,30}(?: [^\s:]{1,30}){0,3} ?:"),
        arabic_letter=re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]"),
        latin_letter=re.compile("[A-Za-z\u00c0-\u024f]"),
    )
