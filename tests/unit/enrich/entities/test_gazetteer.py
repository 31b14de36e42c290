"""The gazetteer: coverage, identifiers and exact lookup (used by the keyword splitter)."""

from __future__ import annotations

import gettext
import re
import tomllib
from pathlib import Path

import pycountry
import pytest

from workers.stages.enrich.entities.data import DATA_DIR
from workers.stages.enrich.entities.gazetteer import gazetteer, lookup
from workers.stages.text.arabic import normalize_arabic

CASES = tomllib.loads(
    (Path(__file__).parents[3] / "data" / "entities" / "cases.toml").read_text(encoding="utf-8")
)
_ID = re.compile(
    r"^(person|org|media):[a-z0-9-]+$|^country:[A-Z]{2}$|^geonames:\d+$|^region:[a-z-]+$"
)


def test_every_iso_country_is_an_entry() -> None:
    entries = gazetteer().entries
    missing = [c.alpha_2 for c in pycountry.countries if f"country:{c.alpha_2}" not in entries]
    assert missing == []


@pytest.mark.parametrize("code", ["RU", "US", "SY", "IR", "EG", "UA", "SA", "IQ", "CN", "LB"])
def test_pycountry_arabic_name_finds_the_country(code: str) -> None:
    catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    arabic = catalogue.gettext(pycountry.countries.get(alpha_2=code).name)
    entry = lookup(arabic.split("،")[0])
    assert entry is not None and entry.id == f"country:{code}"


def test_at_least_400_curated_entries_beyond_countries() -> None:
    kinds = ("person", "organization", "media")
    curated = [e for e in gazetteer().entries.values() if e.type in kinds]
    assert len(curated) >= 400


def test_every_entry_has_a_source_note() -> None:
    assert [e.id for e in gazetteer().entries.values() if not e.source] == []


def test_ids_are_well_formed() -> None:
    assert [i for i in gazetteer().entries if not _ID.match(i)] == []


@pytest.mark.parametrize("case", CASES["variant"], ids=lambda c: c["a"])
def test_variant_spellings_share_one_id(case: dict[str, str]) -> None:
    first, second = lookup(case["a"]), lookup(case["b"])
    assert first is not None and second is not None
    assert first.id == second.id == case["id"]


@pytest.mark.parametrize(
    ("phrase", "entity_id"),
    [
        ("وواشنطن", "geonames:4140963"),
        ("للولايات المتحدة", "country:US"),
        ("لروسيا", "country:RU"),
        ("باسطنبول", "geonames:745044"),
        ("الرئيس الأميركي", None),
        ("الروسية", "country:RU"),
        ("الأمريكيتين", "country:US"),
        ("الأتراك", "country:TR"),
        ("بوتين", "person:vladimir-putin"),
        ("Kremlin", "org:kremlin"),
        ("الجزيرة", None),
        ("الشرق الأوسط", "region:middle-east"),
    ],
)
def test_lookup_after_clitic_stripping(phrase: str, entity_id: str | None) -> None:
    entry = lookup(phrase)
    assert (entry.id if entry else None) == entity_id


def test_shared_surname_is_not_resolved_by_lookup() -> None:
    assert lookup("جونسون") is None


def test_aliases_are_normalised() -> None:
    aliases = gazetteer().aliases
    assert [k for k in aliases if normalize_arabic(k) != k] == []


def test_ambiguity_rules_point_at_known_entries() -> None:
    index = gazetteer()
    rules = {alias.rule for alias in index.aliases.values() if alias.rule is not None}
    targets = {r.entity for r in rules} | {r.otherwise for r in rules if r.otherwise}
    assert sorted(t for t in targets if t not in index.entries) == []


@pytest.mark.parametrize("name", sorted(p.name for p in DATA_DIR.glob("*.toml")))
def test_data_file_starts_with_its_source_comment(name: str) -> None:
    assert (DATA_DIR / name).read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize("kind", ["people", "organizations", "media"])
def test_curated_ids_are_written_once(kind: str) -> None:
    """A second entry with the same id would silently replace the first one's names."""
    ids = [item["id"] for item in tomllib.loads(
        (DATA_DIR / f"{kind}.toml").read_text(encoding="utf-8"))["entries"]]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_outlet_countries_are_iso_codes() -> None:
    codes = {c.alpha_2 for c in pycountry.countries}
    media = [e for e in gazetteer().entries.values() if e.type == "media"]
    assert [e.id for e in media if e.country is not None and e.country not in codes] == []
    assert gazetteer().entries["media:sabq"].country == "SA"
