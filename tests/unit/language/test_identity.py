"""langdetect_rs is adopted only because it gives langdetect's results bit for bit.

Proved here over every segment of the evaluation set: each whole line and each text the stage
asks about, through both calls the stage makes (all languages, and restricted to a script's
candidates). Floats are compared with ``==``: identical, not close.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.eval.language import Item, load_corpus
from workers.stages.language import detector_inputs, line_segments
from workers.stages.language.detect import backend
from workers.stages.language.patterns import SCRIPT_LANGUAGES

ITEMS = load_corpus()
FAST = backend("langdetect_rs")
PLAIN = backend("langdetect")


def _texts(line: str) -> list[tuple[str, str]]:
    return [("line", line), *((script, text) for script, text, _ in detector_inputs(line))]


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.origin)
def test_unrestricted_probabilities_are_identical(item: Item) -> None:
    for _, text in _texts(item.text):
        assert FAST.probabilities(text) == PLAIN.probabilities(text)


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.origin)
def test_restricted_probabilities_are_identical(item: Item) -> None:
    for script, text in _texts(item.text):
        candidates = SCRIPT_LANGUAGES.get(script, SCRIPT_LANGUAGES["arabic"])
        prior = dict.fromkeys(sorted(candidates), 1.0)
        assert FAST.restricted(text, prior) == PLAIN.restricted(text, prior)


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.origin)
def test_segments_are_identical_under_both_backends(item: Item) -> None:
    text = item.text
    assert line_segments(text, backend=FAST) == line_segments(text, backend=PLAIN)


def test_one_batch_over_the_whole_corpus_equals_one_plain_call_per_text() -> None:
    texts = [text for item in ITEMS for _, text in _texts(item.text)]
    assert FAST.probabilities_many(texts) == [PLAIN.probabilities(text) for text in texts]


def test_the_fast_backend_really_is_the_native_one() -> None:
    assert (FAST.name, hasattr(FAST.module, "detect_langs_batch")) == ("langdetect_rs", True)
    assert (PLAIN.name, hasattr(PLAIN.module, "detect_langs_batch")) == ("langdetect", False)


_FALLBACK_PROBE = """
import json, sys
sys.modules["langdetect_rs"] = None  # the accelerator is not installed in this process
sys.path.insert(0, sys.argv[1])
from tests.eval.language import load_corpus
from workers.stages.language import line_segments
from workers.stages.language.detect import default_backend
segments = [[list(map(str, (s.start, s.end, s.lang, s.confidence))) for s in line_segments(i.text)]
            for i in load_corpus()]
print(json.dumps({"backend": default_backend().name, "segments": segments}))
"""


def test_without_langdetect_rs_the_stage_falls_back_and_gives_the_same_segments() -> None:
    root = Path(__file__).resolve().parents[3]
    done = subprocess.run(
        [sys.executable, "-c", _FALLBACK_PROBE, str(root)],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    result = json.loads(done.stdout)
    here = [
        [list(map(str, (s.start, s.end, s.lang, s.confidence))) for s in line_segments(i.text)]
        for i in ITEMS
    ]
    assert (result["backend"], result["segments"]) == ("langdetect", here)
