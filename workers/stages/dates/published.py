"""The publication date of an article, from its dateline and its timestamp line.

Only what the article itself prints counts: an article with neither has no publication date
(``None``), never the ingestion time, which would make the record depend on when it ran.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

from workers.record import Article, Precision, PublishedAt
from workers.stages.dates.data import key, load
from workers.stages.dates.extract import first_full_date
from workers.stages.dates.patterns import patterns
from workers.stages.dates.text import normalise

RANK = {"year": 0, "month": 1, "day": 2, "hour": 3, "minute": 4, "second": 5}


def _offset(text: str) -> timezone | None:
    """The zone printed in a stamp: GMT/UTC, a fixed-offset city (بتوقيت مكة), or +03:00."""
    m = patterns().zone.search(text)
    if not m:
        return None
    if m.group("zulu"):
        return UTC
    raw = m.group("off1") or m.group("off2")
    if m.group("name") and not m.group("off1"):
        raw = load().zones[key(m.group("name"))]
    sign = -1 if raw[0] == "-" else 1
    digits = raw[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _hour(hour: int, marker: str | None) -> int:
    if marker is None:
        return hour
    data = load()
    if key(marker) in data.markers["pm"] and hour < 12:
        return hour + 12
    if key(marker) in data.markers["am"] and hour == 12:
        return 0
    return hour


def parse_stamp(raw: str, origin: str) -> PublishedAt | None:
    """A dateline or stamp line → PublishedAt, or None when it holds no full date.

    The value carries the zone's offset when the line names one; without a zone the time is
    left as printed (no offset), and a date alone is just the date. Articles of one day share
    their dateline, so parses are memoised; each caller gets its own copy to change.
    """
    parsed = _parse_stamp(raw, origin)
    if parsed is None:
        return None
    return PublishedAt(parsed.value, parsed.precision, parsed.raw, parsed.origin, parsed.note)


@lru_cache(maxsize=4096)
def _parse_stamp(raw: str, origin: str) -> PublishedAt | None:
    norm, _ = normalise(raw)
    full = first_full_date(norm)
    if full is None:
        return None
    day = datetime(full[0].year, full[0].month, full[0].day)
    zone = _offset(norm)
    clock = patterns().time.search(norm, full[1])
    if clock is None:
        return PublishedAt(value=day.date().isoformat(), precision="day", raw=raw, origin=origin)
    hour = _hour(int(clock.group("h")), clock.group("ampm"))
    minute = int(clock.group("mi"))
    second = int(clock.group("s")) if clock.group("s") else 0
    if hour > 23 or minute > 59 or second > 59:
        return PublishedAt(value=day.date().isoformat(), precision="day", raw=raw, origin=origin)
    moment = day.replace(hour=hour, minute=minute, second=second, tzinfo=zone)
    precision: Precision = "second" if clock.group("s") else "minute"
    value = moment.isoformat(timespec="seconds" if precision == "second" else "minutes")
    return PublishedAt(value=value, precision=precision, raw=raw, origin=origin)


def publication(article: Article) -> PublishedAt | None:
    """The dateline and the stamp, reconciled: the more precise one wins; when they name
    different days the note says so (a disagreement on the day is worth a human look)."""
    dateline = parse_stamp(article.dateline, "dateline") if article.dateline else None
    stamp = parse_stamp(article.stamp, "stamp") if article.stamp else None
    if dateline is None or stamp is None:
        return dateline or stamp
    kept, other = (stamp, dateline)
    if RANK[dateline.precision] > RANK[stamp.precision]:
        kept, other = dateline, stamp
    if kept.value[:10] != other.value[:10]:
        kept.note = (
            f"{other.origin} says {other.value} ({other.precision}); kept the {kept.origin}, "
            f"which is more precise ({kept.precision})"
        )
    return kept


def base_of(published: PublishedAt | None) -> datetime | None:
    """The date relative expressions are resolved against: the publication day as printed
    (its own zone), or None when there is none or it is coarser than a day."""
    if published is None or RANK[published.precision] < RANK["day"]:
        return None
    return datetime.fromisoformat(published.value[:10])
