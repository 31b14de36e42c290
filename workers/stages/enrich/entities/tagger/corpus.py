"""Reading a CoNLL entity corpus (``token TAG`` per line, a blank line between sentences).

ANERcorp's tags are ``B-``/``I-`` + ``PERS``, ``LOC``, ``ORG``, ``MISC``; the tagger's labels
are ``PER``, ``LOC``, ``ORG`` and ``MISC`` (kept while training: knowing what is a name of
another kind helps the model, though khabar does not emit it).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

Sentence = list[tuple[str, str]]
# The training corpus in a checkout of the repository (not in the installed package).
CORPUS = Path(__file__).resolve().parents[5] / "corpora" / "anercorp" / "anercorp-train.conll"
TYPES = ("PER", "LOC", "ORG")
_RENAMED = {"PERS": "PER"}


def label(tag: str) -> str:
    """A corpus tag as a tagger label (B-PERS -> B-PER)."""
    if tag == "O":
        return tag
    prefix, _, kind = tag.partition("-")
    return f"{prefix}-{_RENAMED.get(kind, kind)}"


class Corpus(NamedTuple):
    """The sentences of a corpus file, and the numbers of the lines that could not be read."""

    sentences: list[Sentence]
    skipped: list[int]


def read_conll(path: Path) -> Corpus:
    """Sentences of (token, label). A malformed line (ANERcorp's train file has one, two
    tokens run together: ``. Oالإصابة O``) is skipped and its number kept, not guessed at."""
    sentences: list[Sentence] = []
    skipped: list[int] = []
    current: Sentence = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            fields = line.split()
            if not fields:
                if current:
                    sentences.append(current)
                    current = []
                continue
            if len(fields) != 2 or not (fields[1] == "O" or fields[1][:2] in ("B-", "I-")):
                skipped.append(number)
                continue
            current.append((fields[0], label(fields[1])))
    if current:
        sentences.append(current)
    return Corpus(sentences, skipped)


def spans(labels: list[str]) -> set[tuple[int, int, str]]:
    """(first token, end token, type) of each entity in a BIO sequence (CoNLL: an I- without
    a matching B- starts an entity)."""
    found: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for index, tag in enumerate([*labels, "O"]):
        prefix, _, this = tag.partition("-")
        if kind and (prefix != "I" or this != kind):
            found.add((start, index, kind))
            kind = ""
        if prefix == "B" or (prefix == "I" and not kind):
            start, kind = index, this
    return found


def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """CoNLL-style scores from counts of exact matches, false hits and misses (0.0 when empty)."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def outermost(found: Iterable[tuple[int, int, str]]) -> set[tuple[int, int, str]]:
    """The spans not inside a longer one: khabar keeps a place inside an organisation's name
    (the country in الحكومة اليمنية, the city in a consulate's name) as a mention of its own,
    while the corpora it is scored on annotate the outermost name only (CoNLL, and the
    real-news guidelines §2.2), so a score compares like with like."""
    spans = set(found)
    return {(start, end, kind) for start, end, kind in spans
            if not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans)}
