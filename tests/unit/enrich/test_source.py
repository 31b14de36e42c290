"""Source lines and byline credits → ``source.name`` and sorted ``source.names``."""

from __future__ import annotations

import pytest

from workers.record import Source
from workers.stages.enrich.source import normalize_source, outlet_country

CASES = [
    # (raw source line, name as split left it, byline, expected name, expected names)
    ("المصدر: الثورة نت", "الثورة نت", None, "الثورة نت", ["الثورة نت"]),
    ("المصدر: صحيفة الاتحاد", "صحيفة الاتحاد", None, "صحيفة الاتحاد", ["صحيفة الاتحاد"]),
    ("المصدر : الجزيرة", "المصدر : الجزيرة", None, "الجزيرة", ["الجزيرة"]),
    (
        "المصدر: RT + “نيويورك تايمز”",
        "RT + “نيويورك تايمز”",
        None,
        "RT + نيويورك تايمز",
        ["RT", "نيويورك تايمز"],
    ),
    (
        "المصدر: الثورة نت",
        "الثورة نت",
        "الثورة  / موسكو / وكالات",
        "الثورة نت",
        ["الثورة نت", "وكالات"],
    ),
    (
        "المصدر: صحيفة الاتحاد",
        "صحيفة الاتحاد",
        "عواصم (الاتحاد، وكالات)",
        "صحيفة الاتحاد",
        ["صحيفة الاتحاد", "وكالات"],
    ),
    (
        "المصدر: الجزيرة",
        "الجزيرة",
        "القاهرة - رويترز - AFP",
        "الجزيرة",
        ["AFP", "الجزيرة", "رويترز"],
    ),
    ("المصدر: تاس + تاس", "تاس + تاس", None, "تاس", ["تاس"]),
]


@pytest.mark.parametrize(("raw", "name", "byline", "expected", "names"), CASES)
def test_source_line_and_byline_credits(
    raw: str, name: str, byline: str | None, expected: str, names: list[str]
) -> None:
    result = normalize_source(Source(raw=raw, name=name), byline)
    assert result is not None
    assert (result.name, result.names) == (expected, names)
    assert result.raw == raw


def test_byline_agencies_alone_make_a_source() -> None:
    result = normalize_source(None, "موسكو - تاس")
    assert result is not None
    assert (result.name, result.names) == ("تاس", ["تاس"])


def test_place_names_of_a_byline_are_not_outlets() -> None:
    assert normalize_source(None, "عواصم / موسكو") is None


@pytest.mark.parametrize(("line", "country"), [
    ("صحيفة سبق", "SA"),
    ("صحيفة الاتحاد", "AE"),
    ("RT + “نيويورك تايمز”", "RU"),  # the first outlet the gazetteer knows
    ("الجزيرة", None),  # Al Jazeera or Al Jazirah: the gazetteer leaves it open
    ("موقع لا يعرفه أحد", None),
])
def test_outlet_country(line: str, country: str | None) -> None:
    assert outlet_country(Source(raw=f"المصدر: {line}", name=line)) == country
    assert outlet_country(None) is None
