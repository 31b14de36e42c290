"""The blind real-news set: annotations valid, and the entity stage above its floors on it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

TESTS = Path(__file__).parents[3]
_PATH = TESTS / "eval" / "entities_realnews.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("entities_realnews_eval", _PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EVAL = _load()
SCORES = EVAL.evaluate()


def test_every_article_has_valid_annotations() -> None:
    checker = TESTS / "data" / "entities" / "realnews" / "check_annotations.py"
    result = subprocess.run(
        [sys.executable, str(checker), "--complete"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "48/48 articles annotated" in result.stdout


@pytest.mark.parametrize("kind", sorted(EVAL.FLOORS))
def test_precision_and_recall_floors(kind: str) -> None:
    precision, recall, _, gold = SCORES[kind]
    assert gold > 0
    assert precision >= EVAL.FLOORS[kind][0]
    assert recall >= EVAL.FLOORS[kind][1]
