"""The trained tagger at run time: normalised text in, entity spans with their scores out.

The model (a linear-chain CRF, python-crfsuite) ships in ``workers/data/entities/model/`` with
its licence and training manifest; :func:`shipped_tagger` loads it once per process, offline.
Cross-validation loads fold models the same way through :class:`Tagger`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

import pycrfsuite

from workers.stages.enrich.entities.tagger.corpus import TYPES, spans
from workers.stages.enrich.entities.tagger.features import (
    build_word_features,
    known_only,
    marks_for,
    sentence_features,
)
from workers.stages.enrich.entities.tagger.tokens import Token, Tokens, tokenize
from workers.stages.text.data_files import data_dir

_ARABIC = re.compile("[\u0621-\u064a]")
MODEL_DIR = data_dir("entities") / "model"
MODEL_FILE = "tagger.crfsuite"
LEXICON_FILE = "words.tsv"
ATTRIBUTES_FILE = "attributes.txt"  # the feature strings the CRF weighs, one per line
# A tagged name stands when the model gives each of its tokens' labels at least this marginal
# probability: chosen on the cross-validation (docs/entities.md), where it trades a little
# recall for more precision.
MIN_CONFIDENCE = 0.5


class Tagged(NamedTuple):
    """A span the model calls a name, in normalised-text offsets, whole tokens."""

    start: int
    end: int
    type: str  # PER, LOC or ORG
    first_token: str


class Tagging(NamedTuple):
    """The model's spans, and its belief that each given name span is a name of any kind."""

    spans: list[Tagged]
    support: dict[tuple[int, int], float]


class Tagger:
    """A model folder, ready to tag: the CRF, the feature strings it weighs (the features of a
    word are built once with the others left out), and how often the training corpus used each
    word (the linker reads it to tell a clitic from a name's first letter)."""

    def __init__(self, directory: Path) -> None:
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(directory / MODEL_FILE))
        known = frozenset(
            (directory / ATTRIBUTES_FILE).read_text(encoding="utf-8").splitlines())
        self._word_info = lru_cache(maxsize=1 << 17)(
            lambda word: known_only(build_word_features(word), known))
        self.lexicon: dict[str, int] = {}
        with (directory / LEXICON_FILE).open(encoding="utf-8") as handle:
            for line in handle:
                word, _, count = line.rstrip("\n").partition("\t")
                self.lexicon[word] = int(count)

    def raw_labels(self, features: list[list[str]]) -> list[str]:
        """The label of each token of one sentence's features (for scoring the model alone)."""
        return list(self._tagger.tag(features))

    def tag(self, text: str, names: Sequence[tuple[int, int, str]],
            titles: Sequence[tuple[int, int]], ask: Sequence[tuple[int, int]] = (),
            tokens: Tokens | None = None) -> Tagging:
        """Tag normalised ``text`` (``tokens``: its :func:`tokenize`, when the caller has it).
        ``names`` and ``titles`` are the gazetteer's name and title spans (sorted by start),
        read as features. A tagged span stands when the model is sure enough of each of its
        labels (``MIN_CONFIDENCE``). For every name span and every span in ``ask`` the result
        also gives the probability that its first token is part of a name, so the caller can
        weigh a candidate the model did not tag (1.0 where the model tagged that token).
        """
        result: list[Tagged] = []
        support: dict[tuple[int, int], float] = {}
        by_start = sorted(names)
        name_starts = [name[0] for name in by_start]
        wanted = sorted({*((start, end) for start, end, _kind in names), *ask})
        wanted_starts = [span[0] for span in wanted]
        for sentence in (tokens or tokenize(text)).sentences:
            begin, finish = sentence[0].start, sentence[-1].end
            # Names never cross a line, and a sentence ends at one: a name overlapping the
            # sentence starts inside it, or starts earlier on its line and runs into it.
            first = bisect_left(name_starts, begin)
            inside = by_start[first : bisect_left(name_starts, finish)]
            if first and by_start[first - 1][1] > begin:
                inside.insert(0, by_start[first - 1])
            asked = wanted[bisect_left(wanted_starts, begin) : bisect_left(wanted_starts, finish)]
            if not any(_ARABIC.search(token.text) for token in sentence):
                # Trained on Arabic, the model has no opinion on a Latin caption: the
                # gazetteer's names there stand as they are.
                support.update(dict.fromkeys(asked, 1.0))
                continue
            here_titles = [t for t in titles if t[0] < finish and t[1] > begin]
            marks = marks_for(sentence, inside, here_titles)
            labels = self._tagger.tag(
                sentence_features([t.text for t in sentence], marks, self._word_info))
            for first, last, kind in sorted(spans(labels)):
                if kind in TYPES and self.confidence(labels, first, last) >= MIN_CONFIDENCE:
                    result.append(Tagged(sentence[first].start, sentence[last - 1].end, kind,
                                         sentence[first].text))
            starts = [token.start for token in sentence] if asked else []
            for start, end in asked:
                position = _token_at(sentence, starts, start)
                if position is None:
                    continue
                # Marginals cost a forward-backward pass: only where the model said O.
                support[(start, end)] = (1.0 - self._tagger.marginal("O", position)
                                         if labels[position] == "O" else 1.0)
        return Tagging(result, support)


    def confidence(self, labels: Sequence[str], first: int, last: int) -> float:
        """The least marginal probability the model gives the labels of tokens ``first`` to
        ``last`` (exclusive) of the sentence it tagged last: how sure it is of that span."""
        return min(float(self._tagger.marginal(labels[position], position))
                   for position in range(first, last))


def _token_at(sentence: list[Token], starts: list[int], offset: int) -> int | None:
    """The index of the token of ``sentence`` (its ``starts``) holding ``offset``, if any."""
    index = bisect_right(starts, offset) - 1
    return index if index >= 0 and offset < sentence[index].end else None


@cache
def shipped_tagger() -> Tagger:
    """The model shipped with the package, loaded once per process."""
    return Tagger(MODEL_DIR)
