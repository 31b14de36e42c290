"""The phrase lists in workers/data/split are well formed and every phrase does its job."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from workers.stages.split.lines import Kind, split_line
from workers.stages.split.patterns import DATA_DIR, LANGUAGES, LIST_KEYS, fold, phrase_lists_of

FILES = sorted(DATA_DIR.glob("*.toml"))


def _phrases(key: str) -> list[tuple[str, str]]:
    return [(lang, phrase) for lang in LANGUAGES for phrase in phrase_lists_of(lang)[key]]


def _ids(items: list[tuple[str, str]]) -> list[str]:
    return [f"{lang}:{phrase}" for lang, phrase in items]


def test_one_file_per_language() -> None:
    assert [path.stem for path in FILES] == sorted(LANGUAGES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_says_where_its_lists_come_from(path: Path) -> None:
    assert path.read_text("utf-8").startswith("# ")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_only_known_keys_of_unique_non_empty_strings(path: Path) -> None:
    data = tomllib.loads(path.read_text("utf-8"))
    assert set(data) <= set(LIST_KEYS)
    for key, items in data.items():
        assert all(isinstance(item, str) and item.strip() == item != "" for item in items), key
        folded = [fold(item) for item in items]
        assert len(folded) == len(set(folded)), f"{path.name}:{key} repeats a phrase"


MARKERS = _phrases("read_also")


@pytest.mark.parametrize(("lang", "phrase"), MARKERS, ids=_ids(MARKERS))
def test_read_also_phrase_is_a_marker(lang: str, phrase: str) -> None:
    assert [p.kind for p in split_line(phrase)] == [Kind.MARKER]
    assert [p.kind for p in split_line(f"{phrase}: عنوان")] == [Kind.BOILERPLATE, Kind.RELATED]


LABELS = _phrases("related_labels")


@pytest.mark.parametrize(("lang", "phrase"), LABELS, ids=_ids(LABELS))
def test_related_label_alone_is_a_label(lang: str, phrase: str) -> None:
    assert [p.kind for p in split_line(phrase)] == [Kind.LABEL]


BOILERPLATE = _phrases("boilerplate")


@pytest.mark.parametrize(("lang", "phrase"), BOILERPLATE, ids=_ids(BOILERPLATE))
def test_boilerplate_phrase_is_boilerplate(lang: str, phrase: str) -> None:
    assert [p.kind for p in split_line(phrase)] == [Kind.BOILERPLATE]


CREDITS = _phrases("caption_credits")


@pytest.mark.parametrize(("lang", "phrase"), CREDITS, ids=_ids(CREDITS))
def test_caption_credit_makes_a_caption(lang: str, phrase: str) -> None:
    assert [p.kind for p in split_line(f"People gather in the square ({phrase})")] == [Kind.CAPTION]


MONTHS = _phrases("months")


@pytest.mark.parametrize(("lang", "phrase"), MONTHS, ids=_ids(MONTHS))
def test_month_makes_a_stamp(lang: str, phrase: str) -> None:
    assert [p.kind for p in split_line(f"20 {phrase} 2025 - 11:04")] == [Kind.STAMP]


DATELINES = _phrases("dateline_labels")


@pytest.mark.parametrize(("lang", "phrase"), DATELINES, ids=_ids(DATELINES))
def test_dateline_label_makes_a_dateline(lang: str, phrase: str) -> None:
    assert [p.kind for p in split_line(f"{phrase}: 11th, March 2024 GMT")] == [Kind.DATELINE]


SOURCES = _phrases("source_labels")


@pytest.mark.parametrize(("lang", "phrase"), SOURCES, ids=_ids(SOURCES))
def test_source_label_makes_a_source(lang: str, phrase: str) -> None:
    pieces = split_line(f"{phrase}: وكالة الأنباء")
    assert [(p.kind, p.value) for p in pieces] == [(Kind.SOURCE, "وكالة الأنباء")]


KEYWORDS = _phrases("keyword_labels")


@pytest.mark.parametrize(("lang", "phrase"), KEYWORDS, ids=_ids(KEYWORDS))
def test_keyword_label_splits_off_the_keywords(lang: str, phrase: str) -> None:
    pieces = split_line(f"{phrase}: روسيا أوكرانيا")
    assert [(p.kind, p.text) for p in pieces] == [
        (Kind.KEYWORDS_LABEL, f"{phrase}:"),
        (Kind.KEYWORDS, "روسيا أوكرانيا"),
    ]
