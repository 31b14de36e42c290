"""The quote evaluation (tests/eval/quotes.py) must stay above its pinned floors.

Floors are pinned a little under the figures measured when they were set (docs/enrich.md);
lower one only with a reason written there.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

EVAL = Path(__file__).resolve().parents[2] / "eval" / "quotes.py"
FLOORS = {
    # entities: (span precision, span recall, speaker accuracy)
    "standin": (0.95, 0.90, 0.90),
    "real": (0.95, 0.90, 0.80),
}
MIN_ARTICLES = 49  # the nine seed articles and at least forty written for the set


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("quotes_eval", EVAL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["quotes_eval"] = module
    spec.loader.exec_module(module)
    return module


def test_the_annotated_set_is_large_enough() -> None:
    assert len(_eval_module().load_articles()) >= MIN_ARTICLES


@pytest.mark.parametrize("mode", sorted(FLOORS))
def test_quote_scores_stay_above_the_floors(mode: str) -> None:
    module = _eval_module()
    _, finder = module.finder_for(mode)
    scores = module.score(module.load_articles(), finder)
    precision, recall, speakers = FLOORS[mode]
    assert scores.span_precision >= precision
    assert scores.span_recall >= recall
    assert scores.speaker_accuracy >= speakers
