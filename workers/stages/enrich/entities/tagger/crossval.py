"""K-fold cross-validation of the entity stage on a CoNLL corpus, CoNLL-style exact spans.

    .venv/bin/python -m workers.stages.enrich.entities.tagger.crossval [--corpus FILE]
        [--extra-corpus FILE ...]

The folds are contiguous runs of sentences: ANERcorp's neighbouring sentences come from the same
article, and interleaved folds would score a model on articles it was trained on. Each fold
trains a model on the others and scores two things on the held-out sentences: the tagger alone
(its token labels), and the whole stage (``find_entities``: tagger, gazetteer and linker) on the
sentence text, its mentions mapped back to tokens. A mention of the ``demonym`` form is not
scored (the corpus has no such type). Precision, recall and F1 per type (PER, LOC, ORG) and
micro-averaged over the three.

``--extra-corpus`` adds another corpus's sentences to every fold's training and scores none of
them: how a candidate training corpus is measured on the corpus the figures are kept on.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from bisect import bisect_left, bisect_right
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from workers.stages.enrich.entities import find_entities
from workers.stages.enrich.entities.tagger.corpus import (
    CORPUS,
    TYPES,
    Sentence,
    outermost,
    precision_recall_f1,
    read_conll,
    spans,
)
from workers.stages.enrich.entities.tagger.model import Tagger
from workers.stages.enrich.entities.tagger.training import features, normalized_words, train

KIND = {"person": "PER", "location": "LOC", "organization": "ORG", "media": "ORG"}
TokenSpan = tuple[int, int, str]
# ANERcorp marks no article boundaries: the stage reads runs of this many consecutive sentences
# as one text, as it reads an article (a name repeated in a run is found again).
DOCUMENT_SENTENCES = 10


def folds(count: int, parts: int) -> list[range]:
    """``parts`` contiguous ranges of sentence indexes covering ``count`` sentences."""
    bounds = [count * part // parts for part in range(parts + 1)]
    return [range(bounds[i], bounds[i + 1]) for i in range(parts)]


def system_spans(document: list[Sentence], tagger: Tagger) -> list[set[TokenSpan]]:
    """The whole stage's mentions in a run of sentences given as one text (a line each), as
    token spans per sentence."""
    lines = [" ".join(word for word, _label in sentence) for sentence in document]
    starts: list[int] = []  # of every token of every line, in the joined text
    ends: list[int] = []
    owner: list[tuple[int, int]] = []  # token -> (sentence, index in it)
    position = 0
    for number, sentence in enumerate(document):
        for index, (word, _label) in enumerate(sentence):
            starts.append(position)
            ends.append(position + len(word))
            owner.append((number, index))
            position += len(word) + 1
    found: list[set[TokenSpan]] = [set() for _ in document]
    for entity in find_entities("\n".join(lines), tagger):
        for mention in entity.mentions:
            if mention.form == "demonym":
                continue
            number, first = owner[bisect_right(starts, mention.start) - 1]
            _same, last = owner[bisect_left(ends, mention.end)]
            found[number].add((first, last + 1, KIND[entity.type]))
    return [outermost(spans) for spans in found]


def _score_fold(sentences: list[Sentence], held_out: range,
                extra: list[Sentence]) -> Counter[str]:
    training = [s for i, s in enumerate(sentences) if i not in held_out] + extra
    counts: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="khabar-fold-") as folder:
        train(training, Path(folder))
        tagger = Tagger(Path(folder))
        for first in range(held_out.start, held_out.stop, DOCUMENT_SENTENCES):
            document = sentences[first : min(first + DOCUMENT_SENTENCES, held_out.stop)]
            for sentence, found in zip(document, system_spans(document, tagger), strict=True):
                gold = {s for s in spans([label for _w, label in sentence]) if s[2] in TYPES}
                labels = tagger.raw_labels(features(normalized_words(sentence)))
                tagged = {s for s in spans(labels) if s[2] in TYPES}
                _count(counts, "tagger", gold, tagged)
                _count(counts, "system", gold, found)
    return counts


def _count(counts: Counter[str], what: str, gold: set[TokenSpan],
           predicted: set[TokenSpan]) -> None:
    for kind in TYPES:
        g = {s for s in gold if s[2] == kind}
        p = {s for s in predicted if s[2] == kind}
        counts[f"{what} {kind} tp"] += len(g & p)
        counts[f"{what} {kind} fp"] += len(p - g)
        counts[f"{what} {kind} fn"] += len(g - p)


def _figures(counts: Counter[str], what: str) -> dict[str, dict[str, float]]:
    result: dict[str, dict[str, float]] = {}
    for kind in (*TYPES, "micro"):
        kinds = TYPES if kind == "micro" else (kind,)
        tp = sum(counts[f"{what} {k} tp"] for k in kinds)
        fp = sum(counts[f"{what} {k} fp"] for k in kinds)
        fn = sum(counts[f"{what} {k} fn"] for k in kinds)
        precision, recall, f1 = precision_recall_f1(tp, fp, fn)
        result[kind] = {"precision": round(precision, 3), "recall": round(recall, 3),
                        "f1": round(f1, 3), "gold": tp + fn}
    return result


def cross_validate(sentences: list[Sentence], parts: int = 5, jobs: int = 2,
                   extra: list[Sentence] | None = None) -> dict[str, Any]:
    """Scores of the tagger alone and of the whole stage, summed over the folds. ``extra``
    sentences (another corpus) are added to every fold's training and never scored."""
    total: Counter[str] = Counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        results = pool.map(_score_fold, [sentences] * parts, folds(len(sentences), parts),
                           [extra or []] * parts)
        for counts in results:
            total.update(counts)
    return {"folds": parts, "fold_kind": "contiguous",
            "tagger": _figures(total, "tagger"), "system": _figures(total, "system")}


def table(scores: dict[str, Any]) -> str:
    lines = [f"{scores['folds']}-fold cross-validation ({scores['fold_kind']} folds)",
             "| scored | type | precision | recall | F1 | gold spans |",
             "|---|---|---|---|---|---|"]
    for what in ("system", "tagger"):
        for kind, row in scores[what].items():
            lines.append(f"| {what} | {kind} | {row['precision']:.3f} | {row['recall']:.3f} | "
                         f"{row['f1']:.3f} | {row['gold']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS,
                        help=f"CoNLL file, token TAG per line (default: {CORPUS.name})")
    parser.add_argument("--extra-corpus", type=Path, action="append", default=[],
                        help="another CoNLL corpus added to every fold's training, not scored")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2, help="folds trained at once")
    args = parser.parse_args(argv)
    extra = [s for path in args.extra_corpus for s in read_conll(path).sentences]
    print(table(cross_validate(read_conll(args.corpus).sentences, args.folds, args.jobs,
                               extra)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
