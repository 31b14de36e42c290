"""Calendar arithmetic for resolving date mentions: plain ``datetime.date`` maths, no clock and
no local time zone, so results do not depend on the machine's TZ."""

from __future__ import annotations

from datetime import date, timedelta

from hijridate import Gregorian, Hijri

Modifier = str | None  # "past" | "next" | "current" | None


def make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def iso_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def interval(first: date, last: date) -> str:
    """An ISO-8601 interval of days, used where a mention covers a span (a week, a Hijri month)."""
    return f"{first.isoformat()}/{last.isoformat()}"


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def year_for_day_month(base: date, month: int, day: int, modifier: Modifier) -> int | None:
    """The year of a day-month stated without one.

    No modifier: the candidate (last, this or next year) closest to the base; a tie goes to the
    past, since news mostly reports what happened. "الماضي": the latest on or before the base;
    "المقبل": the first after it; "الجاري": the base year.
    """
    if modifier == "current":
        return base.year if make_date(base.year, month, day) else None
    candidates = [
        (d, y) for y in (base.year - 1, base.year, base.year + 1) if (d := make_date(y, month, day))
    ]
    if modifier == "past":
        past = [y for d, y in candidates if d <= base]
        return past[-1] if past else None
    if modifier == "next":
        future = [y for d, y in candidates if d > base]
        return future[0] if future else None
    best = min(candidates, key=lambda c: (abs((c[0] - base).days), c[0] > base), default=None)
    return best[1] if best else None


def year_for_month(base: date, month: int, modifier: Modifier) -> int:
    """The year of a month stated without one (same rules, month by month: "مارس الماضي"
    written in March is last year's March)."""
    if modifier == "current":
        return base.year
    if modifier == "past":
        return base.year if month < base.month else base.year - 1
    if modifier == "next":
        return base.year if month > base.month else base.year + 1
    distance = month - base.month  # six months either way is a tie: the past wins
    if distance >= 6:
        return base.year - 1
    if distance < -6:
        return base.year + 1
    return base.year


def week(base: date, offset: int) -> str:
    """The ISO week (Monday to Sunday) ``offset`` weeks from the base, as an interval."""
    monday = base - timedelta(days=base.weekday()) + timedelta(weeks=offset)
    return interval(monday, monday + timedelta(days=6))


def weekday_date(base: date, weekday: int, modifier: Modifier) -> date:
    """A weekday named alone: today if it is today, else the latest one before (news reports
    the past); "الماضي" strictly before the base, "المقبل" strictly after."""
    back = (base.weekday() - weekday) % 7
    if modifier == "next":
        return base + timedelta(days=(weekday - base.weekday()) % 7 or 7)
    if modifier == "past":
        return base - timedelta(days=back or 7)
    return base - timedelta(days=back)


def hijri_date(year: int, month: int, day: int) -> date | None:
    """Umm al-Qura conversion (hijridate); None outside its range (1343–1500 AH) or invalid."""
    try:
        converted = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return date(converted.year, converted.month, converted.day)


def hijri_month_interval(year: int, month: int) -> str | None:
    first = hijri_date(year, month, 1)
    nxt_year, nxt_month = add_months(year, month, 1)
    following = hijri_date(nxt_year, nxt_month, 1)
    if first is None or following is None:
        return None
    return interval(first, following - timedelta(days=1))


def hijri_year_interval(year: int) -> str | None:
    first = hijri_date(year, 1, 1)
    following = hijri_date(year + 1, 1, 1)
    if first is None or following is None:
        return None
    return interval(first, following - timedelta(days=1))


def base_hijri_year(base: date) -> int | None:
    try:
        return int(Gregorian(base.year, base.month, base.day).to_hijri().year)
    except (ValueError, OverflowError):
        return None


def nearest_hijri(
    base: date, month: int, day: int | None, modifier: Modifier = None
) -> tuple[int, date] | None:
    """A Hijri day-month (or month) with no year: the occurrence nearest the base, or with a
    modifier ("رمضان الماضي") the latest on or before it, the first after it, or this Hijri
    year's."""
    hyear = base_hijri_year(base)
    if hyear is None:
        return None
    found = [
        (y, d)
        for y in (hyear - 1, hyear, hyear + 1)
        if (d := hijri_date(y, month, day or 1)) is not None
    ]
    if modifier == "past":
        found = [c for c in found if c[1] <= base][-1:]
    elif modifier == "next":
        found = [c for c in found if c[1] > base][:1]
    elif modifier == "current":
        found = [c for c in found if c[0] == hyear]
    if not found:
        return None
    return min(found, key=lambda c: (abs((c[1] - base).days), c[1] > base))
