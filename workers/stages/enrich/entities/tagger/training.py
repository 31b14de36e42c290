"""Training the entity tagger: a model folder (the CRF, its attributes and word counts) from
sentences.

Used by the build command (:mod:`build`) and by every cross-validation fold (:mod:`crossval`).
Training is deterministic (L-BFGS from zero weights): the same sentences give the same model.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pycrfsuite

from workers.stages.enrich.entities.selection import read_gazetteer
from workers.stages.enrich.entities.tagger.corpus import Sentence
from workers.stages.enrich.entities.tagger.features import marks_for, sentence_features
from workers.stages.enrich.entities.tagger.model import ATTRIBUTES_FILE, LEXICON_FILE, MODEL_FILE
from workers.stages.enrich.entities.tagger.tokens import Token
from workers.stages.text.arabic import normalize_arabic

PARAMS: dict[str, float | bool] = {
    "c1": 0.05,  # L1: most of the millions of candidate features get weight zero
    "c2": 0.05,
    # Up to convergence (CRFsuite's test on the objective's change; 852 iterations on the whole
    # corpus): stopped at 150, a gazetteer entry marking a few training sentences moved 1.5 %
    # of the entity labels on unrelated text, converged none (docs/entities.md).
    "max_iterations": 1000,
    "feature.possible_transitions": True,
}
MIN_LEXICON_COUNT = 2


def normalized_words(sentence: Sentence) -> list[str]:
    """The sentence's tokens normalised as article text is (a token of marks alone stays)."""
    return [normalize_arabic(word) or word for word, _label in sentence]


def features(words: list[str]) -> list[list[str]]:
    """The features of one corpus sentence, with the gazetteer read over its text as the
    tagger reads it over an article."""
    text = " ".join(words)
    tokens: list[Token] = []
    position = 0
    for word in words:
        tokens.append(Token(word, position, position + len(word)))
        position += len(word) + 1
    view = read_gazetteer(text)
    marks = marks_for(tokens, view.marks, [(hit.start, hit.end) for hit in view.titles])
    return sentence_features(words, marks)


def train(sentences: list[Sentence], directory: Path) -> None:
    """Write a model folder (CRF and word counts) trained on ``sentences``."""
    directory.mkdir(parents=True, exist_ok=True)
    trainer = pycrfsuite.Trainer(verbose=False)
    counts: Counter[str] = Counter()
    for sentence in sentences:
        words = normalized_words(sentence)
        counts.update(words)
        trainer.append(features(words), [label for _word, label in sentence])
    trainer.set_params(PARAMS)
    trainer.train(str(directory / MODEL_FILE))
    lines = [f"{word}\t{count}\n" for word, count in sorted(counts.items())
             if count >= MIN_LEXICON_COUNT and "\t" not in word]
    (directory / LEXICON_FILE).write_text("".join(lines), encoding="utf-8")
    write_attributes(directory)


def write_attributes(directory: Path) -> None:
    """The feature strings the trained CRF weighs, sorted, one per line: the tagger leaves the
    others out before CRFsuite reads them (the model file keeps no attribute whose weights
    training left at zero, so these are all its attributes)."""
    model = pycrfsuite.Tagger()
    model.open(str(directory / MODEL_FILE))
    attributes = sorted({attribute for attribute, _label in model.info().state_features})
    model.close()
    if any("\n" in attribute for attribute in attributes):
        raise ValueError("a feature string holds a line break")
    (directory / ATTRIBUTES_FILE).write_text(
        "".join(attribute + "\n" for attribute in attributes), encoding="utf-8")
