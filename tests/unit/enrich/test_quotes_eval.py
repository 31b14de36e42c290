"""The quote evaluation (tests/eval/quotes.py) must stay above its pinned floors.

Floors are pinned a little under the figures measured when they were set (docs/enrich.md);
lower one only with a reason written there.
"""

from __future__ import annotations

import importlib.util
import subprocess
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


REALNEWS = Path(__file__).resolve().parents[2] / "eval" / "quotes_realnews.py"
# Real news annotated blind (tests/data/quotes/realnews): floors at the first measured figures,
# rounded down, to be raised and never lowered. The targets of the quote-speaker work are
# speaker right for 0.85 of the quotations found; see docs/enrich.md.
# The development sets (114 articles, 130 quotations; their errors are read) get floors of their
# own, at the figures after the rules taken from them: a rule that undoes one fails here. They
# held 54 articles and 93 quotations (floors 0.91 / 0.77 / 0.88) until 2026-12-07, when the
# entity development set's second batch (30 articles, 21 quotations nobody had read khabar's
# output on) joined them: 0.899 / 0.708 / 0.875 (70 of 80) on all 113. Later that day a third
# batch (30 articles, 17 quotations, unread) joined: 0.883 / 0.700 / 0.879 (80 of 91) on all
# 130 (the new batch alone: 11 found, 10 with the right speaker), the floors below.
REALNEWS_FLOORS = {
    "blind": {"gold": 28, "precision": 0.75, "recall": 0.78, "speaker_right_of_found": 0.59},
    "dev": {"gold": 130, "precision": 0.88, "recall": 0.70, "speaker_right_of_found": 0.87},
}


@pytest.mark.parametrize("which", sorted(REALNEWS_FLOORS))
def test_real_news_quotations_stay_above_the_floors(which: str) -> None:
    spec = importlib.util.spec_from_file_location("quotes_realnews_eval", REALNEWS)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scores = module.evaluate(which)["all"]
    floors = REALNEWS_FLOORS[which]
    assert scores.gold >= floors["gold"]
    assert scores.span_precision >= floors["precision"]
    assert scores.span_recall >= floors["recall"]
    assert scores.speaker_right_of_found >= floors["speaker_right_of_found"]


@pytest.mark.parametrize(
    ("folder", "articles"), [("realnews", 48), ("realnews_dev", 84), ("realnews_quotes_dev", 30)]
)
def test_every_real_news_article_has_valid_quotation_annotations(folder: str,
                                                                  articles: int) -> None:
    quotes = REALNEWS.parents[1] / "data" / "quotes"
    checker = quotes / "realnews" / "check_annotations.py"
    result = subprocess.run(
        [sys.executable, str(checker), "--complete", "--set", str(quotes / folder)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"{articles} articles")
