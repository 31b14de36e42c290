"""Every regex of the dates stage, built once from the data files.

Patterns run on the normalised, lower-cased text (:func:`dates.text.normalise`).
Each is a plain sequence of bounded pieces — alternations of literal words, ``\\d{1,2}``,
``\\s*`` — with no nested unbounded repetition, so matching stays linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from workers.stages.dates.data import DatesData, key, load
from workers.stages.text.alternation import trie

B = r"(?<!\w)"  # word start
E = r"(?!\w)"  # word end
# Word start, or just after a one-letter clitic glued to the date (و15 مارس, ب2024).
START = r"(?:(?<!\w)|(?<=(?<!\w)[وفبل]))"
YEAR = r"(?:1[89]\d\d|20\d\d|21\d\d)"  # Gregorian years the stage accepts
HIJRI_YEAR = r"(?:1[34]\d\d)"
DAY = r"(?<![\d/:.])(?:ال\s*)?(?P<d>\d{1,2})(?!\d)(?:st|nd|rd|th|er)?"
# و/ف ("and"/"so") before any word; ب/ل/ك only before ال (بالأمس), so لامس "touched" is no أمس.
CLITIC = r"(?P<cl>[وف]?[بلك](?=ال)|[وف]?)"


def _first_chars(words: Iterable[str], extra: str = "") -> str:
    """A lookahead on the first letters a pattern can start with: at most
    positions one class test fails before any alternation is tried."""
    chars = {key(w)[0] for w in words if w.strip()}
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + extra + "])"


def alt(words: Iterable[str]) -> str:
    """A non-capturing alternation of literal words (as a trie, see
    :mod:`workers.stages.text.alternation`), any run of spaces inside a word matching any
    white space."""
    return "(?:" + trie({key(word) for word in words if word.strip()}, re.escape) + ")"


@dataclass(frozen=True, slots=True)
class DatePatterns:
    day_month: re.Pattern[str]
    day_relative_month: re.Pattern[str]
    month_day: re.Pattern[str]
    hijri: re.Pattern[str]
    hijri_year: re.Pattern[str]
    numeric: re.Pattern[str]
    year: re.Pattern[str]
    relative: re.Pattern[str]
    counted: re.Pattern[str]
    weekday: re.Pattern[str]
    not_dates: re.Pattern[str]
    list_day: re.Pattern[str]
    name_before: re.Pattern[str]
    not_today_before: re.Pattern[str]
    number_after: re.Pattern[str]
    next_word: re.Pattern[str]
    time: re.Pattern[str]
    zone: re.Pattern[str]
    anchors: re.Pattern[str]


def _compile(pattern: str) -> re.Pattern[str]:
    """No IGNORECASE: the text is lower-cased by normalisation, and so is every data word."""
    return re.compile(pattern)


@cache
def patterns() -> DatePatterns:
    data: DatesData = load()
    m = data.markers
    months = alt(data.months)
    latin_months = alt(data.latin_months)
    arabic_month_words = set(data.months) - data.latin_months
    arabic_months = alt(arabic_month_words)
    weekdays = alt(data.weekdays)
    modifiers = alt(data.modifiers)
    year_relative = alt(w for w, (unit, _) in data.relative.items() if unit == "year")
    month_relative = alt(w for w, (unit, _) in data.relative.items() if unit == "month")
    dot = r"(?:(?<=[a-z])\.)?"  # "Dec." — only after a Latin abbreviation, never a full stop
    # A second name for the same month: "ديسمبر/كانون الأول", "أيار (مايو)", "سبتمبر أيلول".
    pair_sep = r"(?:\s*(?:/|\(|-|–)\s*|\s+)"
    month_pair = rf"(?P<m>{months}){E}{dot}(?:{pair_sep}{months}{E}{dot}(?:\s*\))?)?"
    day_noun = rf"(?:{alt(m['day_noun'])}\s+)?"
    weekday_prefix = rf"(?:{day_noun}(?P<wd>{weekdays}){E}\s*[،,]?\s*)?"
    year_tail = (
        rf"\s*[,،]?\s*(?:(?:من|في|de)\s+)?(?:{alt(m['year_nouns'])}\s+)?(?P<y>{YEAR})(?!\d)"
        rf"(?:\s*{alt(m['gregorian_era'])}{E})?"
    )
    tail = (
        rf"(?:{year_tail}|\s+(?P<mod>{modifiers}){E}"
        rf"|\s+(?:من|في)\s+(?P<yrel>{year_relative}){E})?"
    )
    joiner = alt(m["day_joiners"])
    more = rf"(?P<more>(?:\s*{joiner}\s*(?:ال\s*)?\d{{1,2}}(?!\d)(?:st|nd|rd|th|er)?)*)"
    of = rf"\s*[,،]?\s*(?:{alt(m['day_month'])}\s+)?"
    day_or_ordinal = rf"(?:{DAY}|(?P<o>{alt(data.ordinals)}){E})"
    hijri_names = alt(data.hijri_months)
    hijri_tail = (
        rf"(?:\s*[,،]?\s*(?:(?:من|في)\s+)?(?:{alt(m['year_nouns'])}\s+)?(?P<y>{HIJRI_YEAR})(?!\d)"
        rf"(?:\s*(?P<era>{alt(m['hijri_era'])}){E})?|\s+(?P<mod>{modifiers}){E})?"
    )
    number = rf"(?:\d{{1,3}}|{alt(data.cardinals)})"
    anchor_words = [*data.months, *data.hijri_months, *data.relative, *data.weekdays]
    anchor_words += list(data.directions)
    weekday_words = [*data.weekdays, *m["day_noun"]]
    day_first = _first_chars([*weekday_words, "ال"], r"\d")
    hijri_first = _first_chars([*weekday_words, "ال", *m["month_nouns"], *data.hijri_months], r"\d")
    hijri_year_first = _first_chars(m["year_nouns"], r"\d")
    year_first = _first_chars([*m["year_nouns"], *m["year_triggers"], *m["year_triggers_weak"]])
    digit = r"\d"
    anchor_first = _first_chars(anchor_words, digit)
    month_first = _first_chars(
        [*weekday_words, "ال", *m["month_triggers"], *m["month_nouns"], *data.months], digit
    )
    clitics = ["و", "ف", "ب", "ل", "ك"]
    return DatePatterns(
        # One pass for a Gregorian month with a day before it ("الثامن من ديسمبر 2024",
        # "15 و17 مارس") or without one ("في مارس", "شهر يوليو من عام 2021", "مارس 2024").
        day_month=_compile(
            rf"{month_first}{START}"
            rf"(?:{weekday_prefix}{day_noun}{day_or_ordinal}{more}{of}"
            rf"|(?:(?P<trig>{alt(m['month_triggers'])})\s+)?(?P<noun>{alt(m['month_nouns'])}\s+)?)"
            rf"{month_pair}{tail}"
        ),
        day_relative_month=_compile(
            # "الـ25 من الشهر الماضي", "الأول من الشهر المقبل": a day of a month named relatively.
            rf"{day_first}{START}{weekday_prefix}{day_noun}{day_or_ordinal}{more}{of}"
            rf"(?P<rm>{month_relative}){E}"
        ),
        month_day=_compile(
            rf"{START}{_first_chars([*data.weekdays, *data.latin_months])}"
            rf"(?:(?P<wd>{weekdays}){E}\s*,?\s*)?(?P<m>{latin_months}){E}\.?\s*"
            rf"(?P<d>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?(?:\s*,?\s*(?P<y>{YEAR})(?!\d))?"
        ),
        hijri=_compile(
            rf"{hijri_first}{START}"
            rf"{weekday_prefix}(?:{day_noun}{day_or_ordinal}{of})?"
            rf"(?P<noun>{alt(m['month_nouns'])}\s+)?(?P<h>{hijri_names}){E}{hijri_tail}"
        ),
        hijri_year=_compile(
            rf"{hijri_year_first}{START}"
            rf"(?:{alt(m['year_nouns'])}\s+)?(?P<y>{HIJRI_YEAR})\s*"
            rf"(?P<era>{alt(m['hijri_era'])}){E}"
        ),
        numeric=_compile(
            START
            + r"(?<![\d/.:-])(?:(?P<d>\d{1,2})(?P<s>[/.-])(?P<m>\d{1,2})(?P=s)(?P<y>"
            + YEAR
            + r")|(?P<y2>"
            + YEAR
            + r")(?P<s2>[/-])(?P<m2>\d{1,2})(?P=s2)(?P<d2>\d{1,2}))(?![\d/])"
        ),
        year=_compile(
            rf"{year_first}{START}"
            rf"(?:(?P<noun>{alt(m['year_nouns'])})\s+|(?:{alt(m['year_triggers'])})\s+"
            rf"|(?P<weak>{alt(m['year_triggers_weak'])})\s+)(?P<y>{YEAR})(?!\d)"
            rf"(?:\s*{alt(m['gregorian_era'])}{E})?(?![\w%٪])"
        ),
        relative=_compile(
            rf"{B}{_first_chars([*clitics, *data.relative])}{CLITIC}(?P<r>{alt(data.relative)}){E}"
            rf"(?:\s*[،,]?\s*(?P<wd>{weekdays}){E})?"
        ),
        counted=_compile(
            rf"{START}{_first_chars(data.directions)}"
            rf"(?P<dir>{alt(data.directions)})\s+(?:(?P<n>{number}){E}\s*)?"
            rf"(?P<u>{alt(data.units)}){E}(?P<anchor>\s+{alt(m['counted_anchors'])}{E})?"
        ),
        weekday=_compile(
            rf"{_first_chars([*m['day_parts'], *clitics, *weekday_words])}"
            rf"(?:(?P<part>{alt(m['day_parts'])})\s+)?"
            rf"{B}{CLITIC}(?:(?P<noun>{alt(m['day_noun'])})\s+)?(?P<wd>{weekdays}){E}"
            rf"(?:\s+(?P<mod>{modifiers}){E})?"
        ),
        not_dates=_compile(rf"{B}(?:[وفبلك]|لل)?{alt(data.not_dates)}{E}"),
        list_day=re.compile(r"(?:ال\s*)?\d{1,2}"),
        name_before=_compile(rf"{B}{alt(m['name_nouns'])}\s*$"),
        not_today_before=_compile(rf"{B}{alt(m['not_today_after'])}\s+$"),
        number_after=_compile(r"\s*\d"),
        next_word=re.compile(r"\s*(\S+)"),
        time=_compile(
            r"(?<!\d)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?!\d)"
            rf"(?:\s*(?P<ampm>{alt(m['pm'])}|{alt(m['am'])})(?!\w))?"
        ),
        anchors=_compile(
            # One cheap scan says which patterns can match at all (group name = feature).
            # Digit anchors must not hide each other: Hijri years (13xx–14xx) and Gregorian
            # years (18xx–21xx) are disjoint, and the numeric anchor takes one digit only;
            # most sentences need two or three of the ten passes. Words are looked for at
            # most two letters into a word (و/ب/ال before them), behind a one-character
            # class test that rejects most positions before any alternation is tried.
            rf"{anchor_first}(?:(?=\d)(?:(?P<hijri_year>{HIJRI_YEAR}\s*{alt(m['hijri_era'])})"
            r"|(?P<numeric>\d(?=[/.-]\d))|(?P<year>\d{4}))"
            rf"|(?<!\w\w\w){_first_chars(anchor_words)}"
            rf"(?:{_first_chars(data.latin_months)}(?P<latin>{latin_months})"
            rf"|{_first_chars(arabic_month_words)}(?P<month>{arabic_months})"
            rf"|{_first_chars(data.hijri_months)}(?P<hijri>{hijri_names})"
            rf"|{_first_chars(data.relative)}(?P<relative>{alt(data.relative)})"
            rf"|{_first_chars(data.weekdays)}(?P<weekday>{weekdays})"
            rf"|{_first_chars(data.directions)}(?P<counted>{alt(data.directions)})))"
        ),
        zone=_compile(
            rf"(?:{B}(?P<name>{alt(data.zones)}){E}\s*(?P<off1>[+-]\d{{1,2}}(?::?\d{{2}})?)?"
            r"|(?:(?<=\d)|(?<![\w:]))(?P<off2>[+-]\d{2}:\d{2})(?!\d)"
            r"|(?<=\d)(?P<zulu>z)(?!\w))"
        ),
    )
