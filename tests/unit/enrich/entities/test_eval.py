"""The entity evaluation corpus must stay above its precision/recall floors."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

_PATH = Path(__file__).parents[3] / "eval" / "entities.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("entities_eval", _PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while decorating
    spec.loader.exec_module(module)
    return module


EVAL = _load()
SCORES = EVAL.evaluate()


@pytest.mark.parametrize("kind", sorted(EVAL.FLOORS))
def test_precision_floor(kind: str) -> None:
    assert SCORES[kind].precision >= EVAL.FLOORS[kind][0]


@pytest.mark.parametrize("kind", sorted(EVAL.FLOORS))
def test_recall_floor(kind: str) -> None:
    assert SCORES[kind].recall >= EVAL.FLOORS[kind][1]


def test_corpus_has_the_seeds_and_forty_more() -> None:
    ids = [str(row["id"]) for row in EVAL.load()]
    assert sum(i.startswith("seed-") for i in ids) == 9
    assert len(ids) - 9 >= 40
