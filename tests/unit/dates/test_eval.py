"""The evaluation gate of the dates stage (khabar only; dateparser is compared in
tests/eval/dates.py, too slow for every test run).

Floors are the project's accuracy targets; the measured figures sit above them (see docs/dates.md).
Never lower a floor to make a change pass.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.eval.dates import FLOORS, Scores, evaluate, khabar, load_cases
from workers.stages.dates import find_dates

ROOT = Path(__file__).resolve().parents[3]
MIN_EXPRESSIONS = 300
SEED_FILES = {"seed:000", "seed:001", "seed:002", "seed:003", "seed:004"}


@pytest.fixture(scope="module")
def cases() -> list[dict[str, object]]:
    return load_cases()


@pytest.fixture(scope="module")
def scores(cases: list[dict[str, object]]) -> Scores:
    return evaluate("khabar", khabar, cases)


def test_labelled_set_is_large_enough(cases: list[dict[str, object]]) -> None:
    assert sum(len(c["expected"]) for c in cases) >= MIN_EXPRESSIONS  # type: ignore[arg-type]


def test_labelled_set_covers_all_five_seed_files(cases: list[dict[str, object]]) -> None:
    assert {c["source"] for c in cases} >= SEED_FILES


def test_labelled_spans_index_their_sentences(cases: list[dict[str, object]]) -> None:
    for case in cases:
        sentence = str(case["sentence"])
        for mention in case["expected"]:  # type: ignore[attr-defined]
            assert sentence[mention["start"] : mention["end"]] == mention["text"], case["id"]


def test_every_seed_sentence_is_exactly_right(scores: Scores) -> None:
    assert scores.wrong_seed_sentences == []


@pytest.mark.parametrize("measure", ["span_precision", "value_precision"])
def test_precision_floor(scores: Scores, measure: str) -> None:
    assert getattr(scores, measure) >= FLOORS["precision"], scores.errors


@pytest.mark.parametrize("measure", ["span_recall", "value_recall"])
def test_recall_floor(scores: Scores, measure: str) -> None:
    assert getattr(scores, measure) >= FLOORS["recall"], scores.errors


def test_precision_kind_and_calendar_floor(scores: Scores) -> None:
    assert scores.ratio(scores.fields, scores.expected) >= FLOORS["recall"], scores.errors


def test_anchor_gate_changes_nothing_on_the_labelled_set(cases: list[dict[str, object]]) -> None:
    for case in cases:
        base = date.fromisoformat(str(case["base"])) if case["base"] else None
        sentence = str(case["sentence"])
        assert find_dates(sentence, base) == find_dates(sentence, base, gated=False), case["id"]


@pytest.mark.parametrize("path", sorted((ROOT / "seeds").glob("*.txt")), ids=lambda p: p.name)
def test_anchor_windows_change_nothing_on_whole_seed_files(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    base = date(2025, 2, 27)
    assert find_dates(text, base) == find_dates(text, base, gated=False)


def test_labelled_jsonl_is_built_from_the_current_tables() -> None:
    folder = ROOT / "tests" / "data" / "dates"
    sys.path.insert(0, str(folder))  # build.py imports its case tables from its folder
    spec = importlib.util.spec_from_file_location("dates_labelled_build", folder / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render() == (folder / "labelled.jsonl").read_text(encoding="utf-8")
