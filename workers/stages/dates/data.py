"""The dates stage's language data, read once from ``workers/data/dates/*.toml``.

Every spelling is stored folded (see :mod:`dates.text`) and lower-cased, the form the patterns
see, so a lookup after a match is a plain dict access.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from workers.stages.dates.text import fold
from workers.stages.text.data_files import data_dir, load_toml

DATA_DIR = data_dir("dates")


def key(word: str) -> str:
    """The lookup form of a spelling: folded, lower-cased, runs of spaces collapsed."""
    return " ".join(fold(word).lower().split())


def _numbered(lists: list[list[str]], first: int = 1) -> dict[str, int]:
    """[[spellings of 1], [spellings of 2], …] → {spelling: number}."""
    return {key(word): number for number, words in enumerate(lists, first) for word in words}


@dataclass(frozen=True, slots=True)
class DatesData:
    months: dict[str, int]  # every Gregorian spelling, all traditions and languages
    latin_months: frozenset[str]
    ambiguous_months: frozenset[str]
    hijri_months: dict[str, int]
    ambiguous_hijri: frozenset[str]
    ordinals: dict[str, int]
    cardinals: dict[str, int]
    weekdays: dict[str, int]  # Monday = 0
    ambiguous_weekdays: frozenset[str]
    relative: dict[str, tuple[str, int]]  # word → (unit, offset)
    directions: dict[str, int]
    units: dict[str, tuple[str, str]]  # unit word → (unit, "singular" | "plural" | "dual")
    modifiers: dict[str, str]  # word → "past" | "next" | "current"
    not_dates: tuple[str, ...]
    markers: dict[str, tuple[str, ...]]
    zones: dict[str, str]


@cache
def load() -> DatesData:
    months_file = load_toml("dates", "months.toml")
    gregorian: dict[str, Any] = months_file["gregorian"]
    months: dict[str, int] = {}
    latin: set[str] = set()
    for tradition, lists in gregorian.items():
        if tradition == "ambiguous":
            continue
        names = _numbered(lists)
        months.update(names)
        if tradition in {"english", "french"}:
            latin.update(names)
    ordinals_file = load_toml("dates", "ordinals.toml")
    weekdays_file = load_toml("dates", "weekdays.toml")
    relative_file = load_toml("dates", "relative.toml")
    markers_file = load_toml("dates", "markers.toml")
    units: dict[str, tuple[str, str]] = {}
    for unit, forms in relative_file["counted"]["units"].items():
        for form, words in forms.items():
            units.update({key(word): (unit, form) for word in words})
    return DatesData(
        months=months,
        latin_months=frozenset(latin),
        ambiguous_months=frozenset(key(w) for w in gregorian["ambiguous"]),
        hijri_months=_numbered(months_file["hijri"]["names"]),
        ambiguous_hijri=frozenset(key(w) for w in months_file["hijri"]["ambiguous"]),
        ordinals=_numbered(ordinals_file["days"]),
        cardinals=_numbered(ordinals_file["cardinals"]),
        weekdays={
            **_numbered(weekdays_file["names"], 0),
            **_numbered(weekdays_file["latin"], 0),
        },
        ambiguous_weekdays=frozenset(key(w) for w in weekdays_file["ambiguous"]),
        relative={
            key(word): (entry["unit"], entry["offset"])
            for entry in relative_file["words"]
            for word in entry["names"]
        },
        directions={key(w): d for w, d in relative_file["counted"]["directions"].items()},
        units=units,
        modifiers={
            key(word): kind for kind, words in relative_file["modifiers"].items() for word in words
        },
        not_dates=tuple(key(w) for w in relative_file["not_dates"]),
        markers={
            name: tuple(key(w) for w in words)
            for name, words in markers_file.items()
            if isinstance(words, list)
        },
        zones={key(name): offset for name, offset in markers_file["zones"].items()},
    )
