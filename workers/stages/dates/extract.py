"""Date mentions in a text: match the patterns, resolve each match against the base date, keep
the longest non-overlapping matches.

With no base date (an article without a publication date) only self-contained dates are
emitted — a year is stated, or it is a Hijri date with its year — because "أمس" or
"18 فبراير" cannot be placed without one; guessing from the clock would make the output depend
on when it ran.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache

from workers.record import DateMention
from workers.stages.dates.data import load
from workers.stages.dates.patterns import patterns
from workers.stages.dates.resolve import Found, Handler, Match, Resolver
from workers.stages.dates.text import normalise, to_original

WINDOW_MARGIN = 100  # characters either side of an anchor; a date is at most ~60 around it
WHOLE_TEXT_BELOW = 4 * WINDOW_MARGIN  # short texts are scanned whole


def _windows(norm: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Disjoint ranges around the anchors of one feature, widened to white space so no word
    is cut: every match of a pattern contains one of its anchors, so scanning these ranges
    finds what a scan of the whole text finds, at a fraction of the cost on long articles."""
    ranges: list[tuple[int, int]] = []
    for start, end in spans:
        lo = norm.rfind(" ", 0, max(0, start - WINDOW_MARGIN)) + 1
        hi = norm.find(" ", min(len(norm), end + WINDOW_MARGIN))
        hi = len(norm) if hi < 0 else hi
        if ranges and lo <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(hi, ranges[-1][1]))
        else:
            ranges.append((lo, hi))
    return ranges


Table = list[tuple[tuple[str, ...], re.Pattern[str], Handler]]


@cache
def _table() -> Table:
    """Pattern, handler and the anchor features that let the pattern run, in a fixed order."""
    pats = patterns()
    resolver = Resolver(load(), pats)
    months = ("month", "latin")
    return [
        (months, pats.day_month, resolver.day_month),
        (("relative",), pats.day_relative_month, resolver.day_relative_month),
        (("latin",), pats.month_day, resolver.month_day),
        (("hijri",), pats.hijri, resolver.hijri),
        (("hijri_year",), pats.hijri_year, resolver.hijri_year),
        (("numeric",), pats.numeric, resolver.numeric),
        (("year",), pats.year, resolver.year),
        (("relative",), pats.relative, resolver.relative),
        (("counted",), pats.counted, resolver.counted),
        (("weekday",), pats.weekday, resolver.weekday),
    ]


def _matches(
    norm: str, base: date | None, anchors: dict[str, list[tuple[int, int]]] | None
) -> Iterator[Match]:
    pats = patterns()
    table = _table()
    # A rejected day-month ("31 فبراير 2025", "شارع 15 مايو") still owns its span:
    # "فبراير 2025" inside it is not a date on its own. A month without a day claims nothing.
    claims = {pats.day_month, pats.numeric}
    whole = [(0, len(norm))]
    short = len(norm) <= WHOLE_TEXT_BELOW
    for features, pattern, handler in table:
        if anchors is None:
            ranges = whole
        elif anchors.keys().isdisjoint(features):
            continue
        elif short:
            ranges = whole
        else:
            ranges = _windows(norm, sorted(s for f in features for s in anchors.get(f, ())))
        for lo, hi in ranges:
            for m in pattern.finditer(norm, lo, hi):
                found = handler(m, base)
                if found:
                    yield Match(found[0].start, found[-1].end, tuple(found))
                elif pattern in claims and (
                    pattern is pats.numeric or m.group("d") or m.group("o")
                ):
                    yield Match(m.start(), m.end(), ())


def first_full_date(norm: str) -> tuple[date, int] | None:
    """The first Gregorian day with its year in a normalised stamp line, and where it ends:
    the shortcut ``parse_stamp`` takes instead of the whole mention search."""
    pats = patterns()
    resolver = Resolver(load(), pats)
    found = [
        f
        for pattern, handler in (
            (pats.numeric, resolver.numeric),
            (pats.day_month, resolver.day_month),
            (pats.month_day, resolver.month_day),
        )
        for m in pattern.finditer(norm)
        for f in handler(m, None)
    ]
    if not found:
        return None
    first = min(found, key=lambda f: (f.start, -f.end))
    return date.fromisoformat(first.value), first.end


def _select(matches: list[Match], blocked: list[tuple[int, int]]) -> list[Found]:
    """The longest matches win, then the leftmost; no overlaps; nothing touching a blocked span
    (an outlet name such as بغداد اليوم). "يوم الخميس 10 أبريل 2025" is one date, not a
    weekday followed by a date."""
    taken = list(blocked)
    kept: list[Found] = []
    for match in sorted(matches, key=lambda x: (x.start - x.end, x.start)):
        if any(match.start < t_end and t_start < match.end for t_start, t_end in taken):
            continue
        taken.append((match.start, match.end))
        kept.extend(match.found)
    return kept


def find_dates(text: str, base: date | datetime | None, *, gated: bool = True) -> list[DateMention]:
    """Every date mention in ``text``, offsets into ``text``, resolved against ``base`` (only
    its calendar date is used, as written: no time-zone conversion).

    ``gated=False`` runs every pattern over the whole text instead of only those whose anchor
    words occur, around those words: the output must be the same (a test checks it); the gate
    only saves time.
    """
    base_day = base.date() if isinstance(base, datetime) else base
    norm, index_map = normalise(text)
    pats = patterns()
    anchors: dict[str, list[tuple[int, int]]] | None = None
    if gated:
        anchors = {}
        for m in pats.anchors.finditer(norm):
            anchors.setdefault(m.lastgroup or "", []).append(m.span())
        if not anchors:
            return []
    check_outlets = anchors is None or "relative" in anchors
    blocked = [m.span() for m in pats.not_dates.finditer(norm)] if check_outlets else []
    mentions = []
    for found in _select(list(_matches(norm, base_day, anchors)), blocked):
        start, end = to_original(index_map, found.start, found.end, text)
        mentions.append(
            DateMention(
                text=text[start:end],
                start=start,
                end=end,
                value=found.value,
                precision=found.precision,
                kind=found.kind,
                calendar=found.calendar,
            )
        )
    mentions.sort(key=lambda d: (d.start, d.end, d.value))
    return mentions
