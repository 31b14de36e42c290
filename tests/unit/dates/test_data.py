"""The language data files: well formed, sourced, and free of contradictions."""

from __future__ import annotations

import tomllib

import pytest

from workers.stages.dates.data import DATA_DIR, key, load

FILES = sorted(DATA_DIR.glob("*.toml"))


def test_there_are_data_files() -> None:
    assert {f.name for f in FILES} >= {
        "months.toml",
        "ordinals.toml",
        "relative.toml",
        "weekdays.toml",
        "markers.toml",
    }


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_starts_with_a_comment_saying_where_it_came_from(path: object) -> None:
    text = DATA_DIR.joinpath(str(path)).read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert "Source" in text.split("\n\n")[0]


@pytest.mark.parametrize(
    "tradition", ["egyptian_gulf", "levantine_iraqi", "maghrebi", "english", "french"]
)
def test_every_tradition_names_twelve_months(tradition: str) -> None:
    with (DATA_DIR / "months.toml").open("rb") as handle:
        months = tomllib.load(handle)["gregorian"][tradition]
    assert len(months) == 12
    assert all(names for names in months)


def test_no_spelling_names_two_different_months() -> None:
    with (DATA_DIR / "months.toml").open("rb") as handle:
        gregorian = tomllib.load(handle)["gregorian"]
    seen: dict[str, int] = {}
    for tradition, lists in gregorian.items():
        if tradition == "ambiguous":
            continue
        for number, names in enumerate(lists, 1):
            for name in names:
                assert seen.setdefault(key(name), number) == number, name


def test_ordinals_cover_every_day_of_a_month() -> None:
    assert sorted(set(load().ordinals.values())) == list(range(1, 32))


def test_hijri_months_are_twelve() -> None:
    assert sorted(set(load().hijri_months.values())) == list(range(1, 13))


def test_weekdays_are_seven_monday_first() -> None:
    data = load()
    assert sorted(set(data.weekdays.values())) == list(range(7))
    assert data.weekdays[key("الاثنين")] == 0


def test_ambiguous_words_are_known_words() -> None:
    data = load()
    assert data.ambiguous_months <= set(data.months)
    assert data.ambiguous_hijri <= set(data.hijri_months)
    assert data.ambiguous_weekdays <= set(data.weekdays)


@pytest.mark.parametrize("offset", ["+00:00", "+03:00", "+04:00"])
def test_zone_offsets_are_well_formed(offset: str) -> None:
    assert offset in set(load().zones.values())
    assert all(len(v) == 6 and v[0] in "+-" and v[3] == ":" for v in load().zones.values())
