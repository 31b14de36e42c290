"""Build the tagger's word clusters from raw Arabic text (no annotation needed).

    .venv/bin/python -m workers.stages.enrich.entities.tagger.clusters \\
        --hindawi PATH/RAW_Hindawi --wikipedia PATH/arzWikiExtracts/20181020

Why: ANERcorp holds 125,000 tokens, and most names in the news are words it never saw. Words
used in the same contexts across millions of sentences land in the same cluster (given names
with given names, towns with towns, ministries with ministries), so the CRF that learned "a
word of cluster 412 begins a person" tags an unseen name of that cluster too.

Steps: the sources of :mod:`raw_text` as normalised tokens, a word2vec skip-gram model over
them (gensim), then k-means over the word vectors at a few granularities (scikit-learn), coarse
to fine. ``clusters.tsv`` holds one line per word (``word<TAB>id<TAB>id...``) for the most
frequent words, and ``raw_counts.tsv`` (``word<TAB>count``) how often the raw text uses each of
them: the linker reads the counts to tell an ordinary word from a rare one (a family name, a
local place) better than the small training corpus can. One worker thread and fixed seeds: the
same text gives the same files.
gensim and scikit-learn are needed only here (the dev extra), never when tagging.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import unicodedata
import zlib
from pathlib import Path
from typing import Any

from gensim.models import Word2Vec
from sklearn.cluster import MiniBatchKMeans

from workers.stages.enrich.entities.tagger.features import CLUSTERS_FILE, RAW_COUNTS_FILE
from workers.stages.enrich.entities.tagger.raw_text import raw_sentences

GRANULARITIES = (100, 500, 1000)
WORD2VEC: dict[str, int] = {
    "vector_size": 100, "window": 5, "min_count": 5, "sg": 1, "epochs": 5, "seed": 1,
    "workers": 1,
}
MAX_WORDS = 200_000
SEED = 1


def _word_hash(word: str) -> int:
    """A hash that does not change between runs (gensim seeds each word's vector with it)."""
    return zlib.crc32(word.encode("utf-8"))


def write_corpus(hindawi: Path | None, wikipedia: Path | None, out: Path) -> int:
    """The sources as one sentence a line of space-separated tokens; the token count."""
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for sentence in raw_sentences(hindawi, wikipedia):
            handle.write(" ".join(sentence) + "\n")
            count += len(sentence)
    return count


def cluster(corpus: Path, granularities: tuple[int, ...] = GRANULARITIES,
            max_words: int = MAX_WORDS) -> tuple[list[str], list[int], list[list[int]]]:
    """The most frequent words of ``corpus``, how often each occurs, and its cluster at each
    granularity."""
    model = Word2Vec(corpus_file=str(corpus), hashfxn=_word_hash, **WORD2VEC)
    words: list[str] = list(model.wv.index_to_key[:max_words])  # most frequent first
    counts = [int(model.wv.get_vecattr(word, "count")) for word in words]
    vectors = model.wv.get_normed_vectors()[: len(words)]
    labels: list[list[int]] = [[] for _ in words]
    for k in granularities:
        kmeans = MiniBatchKMeans(n_clusters=k, random_state=SEED, batch_size=4096, n_init=3)
        for row, label in zip(labels, kmeans.fit_predict(vectors), strict=True):
            row.append(int(label))
    return words, counts, labels


def write_clusters(words: list[str], labels: list[list[int]], out: Path) -> None:
    """``clusters.tsv``: words sorted, so a rebuild's diff shows what moved."""
    rows = sorted(zip(words, labels, strict=True))
    out.write_text("".join(f"{word}\t" + "\t".join(map(str, ids)) + "\n"
                           for word, ids in rows if "\t" not in word),
                   encoding="utf-8")


def arabic_word(word: str) -> bool:
    """A word of Arabic letters only: the linker asks the counts about no other kind, and the
    raw text's digits, punctuation and Latin words (Wikipedia's markup left them) only made the
    file longer."""
    return bool(word) and all(char.isalpha() and unicodedata.name(char, "").startswith("ARABIC")
                              for char in word)


def write_counts(words: list[str], counts: list[int], out: Path) -> None:
    """``raw_counts.tsv``: each Arabic word and how often the raw text uses it, words sorted."""
    rows = sorted(zip(words, counts, strict=True))
    out.write_text("".join(f"{word}\t{count}\n" for word, count in rows if arabic_word(word)),
                   encoding="utf-8")


def build(hindawi: Path | None, wikipedia: Path | None, out: Path,
          counts_out: Path) -> dict[str, Any]:
    """Write the clusters and counts files; what went into them."""
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "corpus.txt"
        tokens = write_corpus(hindawi, wikipedia, corpus)
        words, counts, labels = cluster(corpus)
    write_clusters(words, labels, out)
    write_counts(words, counts, counts_out)
    return {"file": out.name, "counts": counts_out.name, "raw_tokens": tokens,
            "words": len(words),
            "granularities": list(GRANULARITIES), "word2vec": WORD2VEC,
            "sources": {"hindawi": hindawi is not None, "wikipedia": wikipedia is not None}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hindawi", type=Path, help="a checkout of OpenITI/RAW_Hindawi")
    parser.add_argument("--wikipedia", type=Path,
                        help="a WikiExtractor folder of arzWikiExtracts (e.g. 20181020/)")
    parser.add_argument("--out", type=Path, default=CLUSTERS_FILE)
    parser.add_argument("--counts-out", type=Path, default=RAW_COUNTS_FILE)
    args = parser.parse_args(argv)
    if args.hindawi is None and args.wikipedia is None:
        parser.error("give --hindawi, --wikipedia or both")
    print(json.dumps(build(args.hindawi, args.wikipedia, args.out, args.counts_out), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
