"""The tagger's features: one function used by training and by tagging, so both see the same.

Per token: the normalised word, its stem with proclitics and the article stripped, the stem's
first three and last two and three letters, its shape and length, which clitics it carried, and
whether it is a category noun that heads organisation or place names or a word that introduces
a person (``workers/data/entities/categories.toml``). Per token too, what the text around it
says: whether a gazetteer name or a title covers it (``marks``), so the model learns how far to
trust the gazetteer instead of trusting it blindly. Each token also sees the words two to the
left and right, the stems and shapes of its neighbours and their marks. And each word's
clusters (``clusters.tsv``, learned from raw text without labels; :mod:`clusters`): a name the
training corpus never saw still shares its cluster with names it did see.

The per-word part is cached: news repeats its words, and building feature strings is a third of
the tagger's cost; the CRF's own cost grows with the number of features per token, so features
that did not help in cross-validation were left out (the stem's first two letters, the word
pair with the previous word: fewer features, same F1, a fifth faster). At tagging time the
strings the model never weighs are left out of the cache (:func:`known_only`): CRFsuite would
read each one only to drop it, about a quarter of all strings and of the model's time.
"""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from workers.stages.enrich.entities.tagger.tokens import Token
from workers.stages.text.arabic import normalize_arabic
from workers.stages.text.data_files import data_dir, load_toml

CLUSTERS_FILE = data_dir("entities") / "model" / "clusters.tsv"
RAW_COUNTS_FILE = data_dir("entities") / "model" / "raw_counts.tsv"

# Proclitics, in the order they attach: a conjunction, then a preposition (the linker and the
# body rule read the same two lists).
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
ARTICLE = "ال"  # the definite article, as the normalised text writes it
TO_THE = "لل"  # ل + ال: the article's ا is not written after the preposition
_MIN_STEM = 2
_MAX_LENGTH = 8


class WordFeatures(NamedTuple):
    """A word's own features, and the ones its neighbours take from it."""

    own: tuple[str, ...]
    left1: tuple[str, ...]
    right1: tuple[str, ...]
    left2: str
    right2: str


def strip_proclitics(word: str) -> tuple[str, str]:
    """(clitics, rest): a conjunction, then a preposition, then the article, when a stem is left.

    ``لل`` is a preposition before an article whose alif is not written (للرياض = ل + الرياض).
    """
    clitics = ""
    rest = word
    if rest[:1] in CONJUNCTIONS and len(rest) - 1 > _MIN_STEM:
        clitics, rest = rest[:1], rest[1:]
    if rest.startswith(TO_THE) and len(rest) - len(TO_THE) >= _MIN_STEM:
        return clitics + TO_THE, rest[len(TO_THE) :]
    if rest[:1] in PREPOSITIONS and len(rest) - 1 > _MIN_STEM:
        clitics, rest = clitics + rest[:1], rest[1:]
    if rest.startswith(ARTICLE) and len(rest) - len(ARTICLE) >= _MIN_STEM:
        clitics, rest = clitics + ARTICLE, rest[len(ARTICLE) :]
    return clitics, rest


def _shape(word: str) -> str:
    shape: list[str] = []
    for char in word:
        if "\u0600" <= char <= "\u06ff":
            kind = "a"
        elif char.isdigit():
            kind = "d"
        elif char.isalpha():
            kind = "A" if char.isupper() else "x"
        else:
            kind = char
        if not shape or shape[-1] != kind:
            shape.append(kind)
    return "".join(shape)


@cache
def _categories() -> dict[str, tuple[str, ...]]:
    """Normalised category word -> the kinds it heads (organization, location, person)."""
    kinds: dict[str, list[str]] = {}
    data = load_toml("entities", "categories.toml")
    for kind in ("location", "organization", "person"):
        for word in data[kind]:
            kinds.setdefault(normalize_arabic(word), []).append(kind)
    return {word: tuple(found) for word, found in kinds.items()}


@cache
def given_names() -> frozenset[str]:
    """The normalised given names (workers/data/entities/given_names.toml)."""
    data = load_toml("entities", "given_names.toml")
    return frozenset(normalize_arabic(name) for name in (*data["arabic"], *data["foreign"]))


@cache
def category_heads() -> frozenset[str]:
    """The normalised category nouns that head organisation and place names."""
    return frozenset(word for word, kinds in _categories().items() if "person" not in kinds)


@cache
def word_clusters(path: Path = CLUSTERS_FILE) -> dict[str, tuple[str, ...]]:
    """Normalised word -> its cluster at each granularity, coarse to fine (``clusters.tsv``,
    learned without labels from raw Arabic text by :mod:`clusters`). Words the clusters do not
    know are looked up by their stem, then left without; no file, no cluster features (the
    shipped model has none: see docs/entities.md)."""
    return {word: tuple(ids) for word, *ids in _tsv_rows(path)}


def _tsv_rows(path: Path) -> list[list[str]]:
    """The tab-separated fields of each line of a file the clusters builder wrote; none when
    the file is absent."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle]


class RawCounts:
    """How often the raw text uses each word, held as sorted 32-bit hashes of the words and
    their counts (two arrays, 1.5 MB, where a dict of the 185,152 words took 23 MiB in every
    worker). A word the file lacks is taken for one it has when their hashes meet, about once
    in 23,000 words asked, and five pairs of the file's words share a hash (the first
    one's count is given for both); the answer is the same for the same input either way."""

    def __init__(self, counts: dict[str, int]) -> None:
        pairs = sorted((_word_hash(word), count) for word, count in counts.items())
        self._hashes = array("I", (h for h, _count in pairs))
        self._counts = array("I", (count for _h, count in pairs))

    def get(self, word: str, default: int = 0) -> int:
        key = _word_hash(word)
        index = bisect_left(self._hashes, key)
        if index < len(self._hashes) and self._hashes[index] == key:
            return self._counts[index]
        return default

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word, -1) >= 0

    def __len__(self) -> int:
        return len(self._hashes)


def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


@cache
def raw_counts(path: Path = RAW_COUNTS_FILE) -> RawCounts:
    """Normalised word -> how often the raw text the clusters are learned from uses it
    (``raw_counts.tsv``, written by :mod:`clusters`: 22 million tokens, against the training
    corpus's 125,000). Shipped without the clusters: the linker reads it, not the model."""
    return RawCounts({word: int(count) for word, count in _tsv_rows(path)})


def build_word_features(word: str) -> WordFeatures:
    """Everything the model reads off one normalised word, ready to be joined per token.
    Cached as :func:`word_features` for training, and by each :class:`model.Tagger` with the
    strings its model does not know left out."""
    clitics, stem = strip_proclitics(word)
    bare = (word[len(clitics) - len(ARTICLE) :] if clitics.endswith(ARTICLE)
            else word[len(clitics) :])
    shape = _shape(word)
    categories = _categories()
    heads = categories.get(word) or categories.get(bare) or categories.get(stem, ())
    own = [
        "w=" + word,
        "s=" + stem,
        "p3=" + stem[:3],
        "x2=" + stem[-2:],
        "x3=" + stem[-3:],
        "sh=" + shape,
        f"n={min(len(stem), _MAX_LENGTH)}",
        "c=" + clitics,
    ]
    own += ["h=" + kind for kind in heads]
    clusters = word_clusters()
    found = clusters.get(word) or clusters.get(stem, ())
    own += [f"k{level}={cluster}" for level, cluster in enumerate(found)]
    near = (f"k={found[1]}",) if len(found) > 1 else ()
    names = given_names()
    given = word in names or bare in names or stem in names
    if given:
        own.append("fn")
    left = ("-w=" + word, "-s=" + stem, "-sh=" + shape, *("-h=" + kind for kind in heads),
            *(("-fn",) if given else ()), *("-" + k for k in near))
    right = ("+w=" + word, "+s=" + stem, "+sh=" + shape, *("+h=" + kind for kind in heads),
             *(("+fn",) if given else ()), *("+" + k for k in near))
    return WordFeatures(tuple(own), left, right, "--w=" + word, "++w=" + word)


word_features = lru_cache(maxsize=1 << 17)(build_word_features)


def known_only(info: WordFeatures, known: AbstractSet[str]) -> WordFeatures:
    """``info`` without the strings a model never weighs. CRFsuite drops an attribute its model
    lacks before it scores a sentence, so the labels and marginals are the same; but it reads
    every string first, and a word the training corpus never saw brings a dozen unknown ones
    (``w=…``, ``-w=…``): left out here once per word, not looked up at every occurrence."""
    return WordFeatures(
        tuple(f for f in info.own if f in known),
        tuple(f for f in info.left1 if f in known),
        tuple(f for f in info.right1 if f in known),
        info.left2 if info.left2 in known else "",
        info.right2 if info.right2 in known else "",
    )


def marks_for(tokens: list[Token], names: list[tuple[int, int, str]],
              titles: list[tuple[int, int]]) -> list[tuple[str, ...]]:
    """Per token, what the text around it says: gazetteer names and titles covering it.

    ``names`` are (start, end, kind) spans of gazetteer names in the normalised text, ``titles``
    (start, end) spans of titles; both sorted by start. A span that starts inside a token (after
    its clitics) marks the whole token.
    """
    marks: list[list[str]] = [[] for _ in tokens]
    for spans, label in ((names, "g"), ([(s, e, "T") for s, e in titles], "t")):
        index = 0
        for start, end, kind in spans:
            while index < len(tokens) and tokens[index].end <= start:
                index += 1
            position = index
            first = True
            while position < len(tokens) and tokens[position].start < end:
                marks[position].append(f"{label}={'B' if first else 'I'}-{kind}")
                first = False
                position += 1
    return [tuple(m) for m in marks]


def sentence_features(words: list[str], marks: list[tuple[str, ...]],
                      word_info: Callable[[str], WordFeatures] = word_features,
                      ) -> list[list[str]]:
    """The feature strings of each token of one sentence (words already normalised).
    ``word_info`` gives a word's features: all of them by default, as training needs; a tagger
    passes its cache of those its model knows (:func:`known_only`)."""
    infos = [word_info(word) for word in words]
    last = len(words) - 1
    result: list[list[str]] = []
    for i, info in enumerate(infos):
        features = ["b", *info.own, *marks[i]]
        if i:
            before = infos[i - 1]
            features += before.left1
            if marks[i - 1]:  # most tokens have none: no empty list built for them
                features += ["-" + mark for mark in marks[i - 1]]
            if i > 1 and infos[i - 2].left2:
                features.append(infos[i - 2].left2)
        else:
            features.append("BOS")
        if i < last:
            after = infos[i + 1]
            features += after.right1
            if marks[i + 1]:
                features += ["+" + mark for mark in marks[i + 1]]
            if i + 1 < last and infos[i + 2].right2:
                features.append(infos[i + 2].right2)
        else:
            features.append("EOS")
        result.append(features)
    return result
