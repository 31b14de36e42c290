"""The outlets an article credits: its source line and the agency credits of its byline.

``source.name`` is the source line without its label and quotation marks, several outlets
joined by " + " in the order printed ("المصدر: RT + “نيويورك تايمز”" → "RT + نيويورك تايمز");
``source.names`` holds every outlet of the source line plus every agency the byline credits
("الثورة / موسكو / وكالات" → "وكالات"), sorted and without duplicates. A byline's place names
("موسكو", "عواصم") are not outlets: only agencies listed in workers/data/enrich/sources.toml
are taken from it. :func:`outlet_country` reads the outlet's country off the gazetteer.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from workers.record import Source
from workers.stages.enrich.entities.gazetteer import lookup
from workers.stages.text.alternation import longest_first
from workers.stages.text.data_files import load_toml

_QUOTES = "«»“”\"'‘’„()[]"


def _sources() -> dict[str, Any]:
    return load_toml("enrich", "sources.toml")


@cache
def _label_re() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in _sources()["prefixes"]["words"])
    return re.compile(r"^\s*(?:" + words + r")\s*[:：]\s*")


@cache
def _separator_re() -> re.Pattern[str]:
    chars = "".join(re.escape(c) for c in _sources()["separators"]["chars"])
    return re.compile(r"\s*[" + chars + r"]\s*")


@cache
def _agency_re() -> re.Pattern[str]:
    body = longest_first(_sources()["agencies"]["names"], re.escape)
    return re.compile(r"(?<![\w.])(?:" + body + r")(?![\w])")


def outlets(line: str) -> list[str]:
    """The outlets of one source line, in printed order, without label or quotation marks."""
    text = _label_re().sub("", line.strip())
    parts = (part.strip().strip(_QUOTES).strip(" :.-") for part in _separator_re().split(text))
    return list(dict.fromkeys(part for part in parts if part))


def byline_agencies(byline: str) -> list[str]:
    return list(dict.fromkeys(m.group(0) for m in _agency_re().finditer(byline)))


def normalize_source(source: Source | None, byline: str | None) -> Source | None:
    printed = outlets(source.name or source.raw) if source else []
    credits = byline_agencies(byline) if byline else []
    if not printed and not credits:
        return source
    names = sorted(set(printed) | set(credits))
    name = " + ".join(printed or credits)
    raw = source.raw if source else (byline or "")
    return Source(raw=raw, name=name, names=names)


def outlet_country(source: Source | None) -> str | None:
    """The ISO code of the country the article's outlet is edited for: the first outlet of the
    printed source line that the gazetteer knows with a country (media.toml). A byline's agency
    credits are not asked: a wire story carries the publishing outlet's words, not the wire's."""
    if source is None:
        return None
    for name in outlets(source.name or source.raw):
        entry = lookup(name)
        if entry is not None and entry.type == "media" and entry.country:
            return entry.country
    return None
