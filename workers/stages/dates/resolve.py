"""Turning one regex match into resolved mentions: the handlers of the dates patterns.

Each handler reads the match's groups, looks words up in the data files and does the calendar
arithmetic (:mod:`dates.calendar`) against the base date; it returns ``[]`` to reject a match.
Offsets stay in the normalised text; :mod:`dates.extract` maps them back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import NamedTuple

from workers.record import Calendar, DateKind, Precision
from workers.stages.dates import calendar as cal
from workers.stages.dates.data import DatesData
from workers.stages.dates.patterns import DatePatterns


def _key(matched: str) -> str:
    """The lookup form of matched text: it is already folded and lower-cased, so only runs of
    white space need collapsing (the data files' keys went through ``dates.data.key``)."""
    return " ".join(matched.split())


PUNCTUATION_AFTER_YEAR = frozenset(",،.؛;:)»\"'!?؟\n")


class Found(NamedTuple):
    """One resolved mention, in normalised offsets (a NamedTuple: built many times per
    article, and a tuple is several times cheaper to make than a frozen dataclass)."""

    start: int
    end: int
    value: str
    precision: Precision
    kind: DateKind
    calendar: Calendar = "gregorian"


class Match(NamedTuple):
    """What one regex match yields: the span it claims and the mentions inside it (a list of
    days sharing a month yields several)."""

    start: int
    end: int
    found: tuple[Found, ...]


Handler = Callable[[re.Match[str], date | None], list[Found]]


class Resolver:
    """The handlers, one per pattern; each returns [] to reject a match."""

    def __init__(self, data: DatesData, pats: DatePatterns) -> None:
        self.data = data
        self.pats = pats

    def _day(self, m: re.Match[str]) -> int:
        if m.group("d"):
            return int(m.group("d"))
        return self.data.ordinals[_key(m.group("o"))]

    def _modifier(self, m: re.Match[str]) -> str | None:
        word = m.groupdict().get("mod")
        return self.data.modifiers[_key(word)] if word else None

    def _year_offset(self, m: re.Match[str]) -> int | None:
        word = m.groupdict().get("yrel")
        return self.data.relative[_key(word)][1] if word else None

    def _named(self, text: str, start: int) -> bool:
        """A date right after شارع, ميدان …: the name of a place, not a date."""
        return self.pats.name_before.search(text, max(0, start - 20), start) is not None

    def _days(self, m: re.Match[str]) -> list[tuple[int, int, int]]:
        """(start, end, day) of the first day and of every further day in a list."""
        days = [(m.start(), m.end("d") if m.group("d") else m.end("o"), self._day(m))]
        more = m.group("more")
        if more:
            offset = m.start("more")
            days += [
                (offset + d.start(), offset + d.end(), int(re.sub(r"\D", "", d.group())))
                for d in self.pats.list_day.finditer(more)
            ]
        return days

    def day_relative_month(self, m: re.Match[str], base: date | None) -> list[Found]:
        if base is None:
            return []
        offset = self.data.relative[_key(m.group("rm"))][1]
        year, month = cal.add_months(base.year, base.month, offset)
        days = self._days(m)
        out: list[Found] = []
        for index, (start, end, day) in enumerate(days):
            value = cal.make_date(year, month, day)
            if value is None:
                return []
            last = m.end() if index == len(days) - 1 else end
            out.append(Found(start, last, value.isoformat(), "day", "relative"))
        return out

    def day_month(self, m: re.Match[str], base: date | None) -> list[Found]:
        if not (m.group("d") or m.group("o")):
            return self.month(m, base)
        if self._named(m.string, m.start()):
            return []
        month = self.data.months[_key(m.group("m"))]
        days = self._days(m)
        year_offset = self._year_offset(m)
        kind: DateKind = "partial"
        if m.group("y"):
            years = [int(m.group("y"))] * len(days)
            kind = "absolute"
        elif base is None:
            return []
        elif year_offset is not None:
            years = [base.year + year_offset] * len(days)
            kind = "partial"
        else:
            modifier = self._modifier(m)
            found_years = [cal.year_for_day_month(base, month, d, modifier) for _, _, d in days]
            if None in found_years:
                return []
            years = [y for y in found_years if y is not None]
            kind = "partial"
        out: list[Found] = []
        for index, ((start, end, day), year) in enumerate(zip(days, years, strict=True)):
            value = cal.make_date(year, month, day)
            if value is None:
                return []
            if index == len(days) - 1:
                end = m.end()
            out.append(Found(start, end, value.isoformat(), "day", kind))
        return out

    def month_day(self, m: re.Match[str], base: date | None) -> list[Found]:
        month = self.data.months[_key(m.group("m"))]
        day = int(m.group("d"))
        kind: DateKind = "partial"
        if m.group("y"):
            year: int | None = int(m.group("y"))
            kind = "absolute"
        elif base is None:
            return []
        else:
            year = cal.year_for_day_month(base, month, day, None)
            kind = "partial"
        value = cal.make_date(year, month, day) if year else None
        return [Found(m.start(), m.end(), value.isoformat(), "day", kind)] if value else []

    def month(self, m: re.Match[str], base: date | None) -> list[Found]:
        name = _key(m.group("m"))
        month = self.data.months[name]
        start = m.start("noun") if m.group("noun") else m.start("m")
        if m.group("y"):
            value = cal.iso_month(int(m.group("y")), month)
            return [Found(start, m.end(), value, "month", "absolute")]
        if base is None:
            return []
        year_offset = self._year_offset(m)
        modifier = self._modifier(m)
        if year_offset is None and modifier is None:
            if name in self.data.ambiguous_months and not m.group("noun"):
                return []
            if not (m.group("noun") or m.group("trig")):
                return []
        if year_offset is not None:
            year = base.year + year_offset
        else:
            year = cal.year_for_month(base, month, modifier)
        return [Found(start, m.end(), cal.iso_month(year, month), "month", "partial")]

    def hijri(self, m: re.Match[str], base: date | None) -> list[Found]:
        name = _key(m.group("h"))
        month = self.data.hijri_months[name]
        day = self._day(m) if (m.group("d") or m.group("o")) else None
        start = m.start() if day is not None or not m.group("noun") else m.start("noun")
        modifier = self._modifier(m)
        if day is None and not (m.group("noun") or m.group("y") or modifier):
            return []
        if m.group("y"):
            year = int(m.group("y"))
            if day is None:
                span = cal.hijri_month_interval(year, month)
                return [Found(start, m.end(), span, "day", "absolute", "hijri")] if span else []
            value = cal.hijri_date(year, month, day)
            if value is None:
                return []
            return [Found(start, m.end(), value.isoformat(), "day", "absolute", "hijri")]
        if base is None:
            return []
        nearest = cal.nearest_hijri(base, month, day, modifier)
        if nearest is None:
            return []
        hyear, value = nearest
        if day is None:
            span = cal.hijri_month_interval(hyear, month)
            return [Found(start, m.end(), span, "day", "partial", "hijri")] if span else []
        return [Found(start, m.end(), value.isoformat(), "day", "partial", "hijri")]

    def hijri_year(self, m: re.Match[str], base: date | None) -> list[Found]:
        span = cal.hijri_year_interval(int(m.group("y")))
        return [Found(m.start(), m.end(), span, "day", "absolute", "hijri")] if span else []

    def numeric(self, m: re.Match[str], base: date | None) -> list[Found]:
        if m.group("y"):
            value = cal.make_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        else:
            value = cal.make_date(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
        return [Found(m.start(), m.end(), value.isoformat(), "day", "absolute")] if value else []

    def year(self, m: re.Match[str], base: date | None) -> list[Found]:
        if m.group("weak"):
            rest = m.string[m.end() : m.end() + 8].lstrip(" \t")
            if rest and rest[0] not in PUNCTUATION_AFTER_YEAR:
                return []
        start = m.start("noun") if m.group("noun") else m.start("y")
        return [Found(start, m.end(), m.group("y"), "year", "absolute")]

    def relative(self, m: re.Match[str], base: date | None) -> list[Found]:
        if base is None:
            return []
        unit, offset = self.data.relative[_key(m.group("r"))]
        start, end = m.start("r"), m.end()
        if unit == "day" and not m.group("wd"):
            follower = self.pats.next_word.match(m.string, m.end())
            if offset == 0 and follower and follower.group(1).startswith("ال"):
                return []  # اليوم التالي, اليوم العالمي: a day, not today
            if offset == 0 and self.pats.not_today_before.search(
                m.string, max(0, start - 12), start
            ):
                return []  # في ذلك اليوم, في نفس اليوم: that day, not today
        if unit == "day":
            value = base + timedelta(days=offset)
            if m.group("wd"):
                stated = self.data.weekdays[_key(m.group("wd"))]
                shift = (stated - value.weekday() + 3) % 7 - 3  # -3 … 3
                if abs(shift) == 1:
                    value += timedelta(days=shift)  # the writer's day differs from the stamp's
                elif shift != 0:
                    end = m.end("r")  # irreconcilable weekday: leave it out of the mention
            return [Found(start, end, value.isoformat(), "day", "relative")]
        if unit == "week":
            return [Found(start, m.end("r"), cal.week(base, offset), "day", "relative")]
        if unit == "month":
            year, month = cal.add_months(base.year, base.month, offset)
            return [Found(start, m.end("r"), cal.iso_month(year, month), "month", "relative")]
        return [Found(start, m.end("r"), str(base.year + offset), "year", "relative")]

    def counted(self, m: re.Match[str], base: date | None) -> list[Found]:
        if base is None or m.group("anchor"):
            return []
        if self.pats.number_after.match(m.string, m.end()):
            return []  # "قبل عام 2020": before a year, not a year ago
        unit, form = self.data.units[_key(m.group("u"))]
        number = m.group("n")
        if form == "dual":
            if number:
                return []
            count = 2
        elif number:
            count = int(number) if number.isdigit() else self.data.cardinals[_key(number)]
        elif form == "singular":
            count = 1
        else:
            return []  # "قبل أيام": some days ago, no value
        sign = self.data.directions[_key(m.group("dir"))]
        start, end = m.start("dir"), m.end("u")
        if unit in {"day", "week"}:
            days = count * (7 if unit == "week" else 1)
            value = base + timedelta(days=sign * days)
            return [Found(start, end, value.isoformat(), "day", "relative")]
        if unit == "month":
            year, month = cal.add_months(base.year, base.month, sign * count)
            return [Found(start, end, cal.iso_month(year, month), "month", "relative")]
        return [Found(start, end, str(base.year + sign * count), "year", "relative")]

    def weekday(self, m: re.Match[str], base: date | None) -> list[Found]:
        if base is None:
            return []
        name = _key(m.group("wd"))
        modifier = self._modifier(m)
        if name in self.data.ambiguous_weekdays and not (
            m.group("noun") or modifier or m.group("part")
        ):
            return []
        value = cal.weekday_date(base, self.data.weekdays[name], modifier)
        start = m.start("noun") if m.group("noun") else m.start("wd")
        return [Found(start, m.end(), value.isoformat(), "day", "relative")]
