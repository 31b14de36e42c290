"""A SHA-256 of everything the in-process chain emits over a corpus, stage by stage.

Optimising a stage must not change a single byte of what it emits: run this before and after a
change and compare the digests (the golden tests guard the seeds; this guards thousands of
varied files). Each stage's digest covers every article it emits, in order, as the JSON the
worker would send, and the dead-letter reasons of the files that are refused.

    .venv/bin/python benchmarks/output_digest.py --count 600 --seed 7
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import generate
from workers.errors import KhabarError, reason_of
from workers.process import clusters_of, member_of
from workers.record import Article, RawFile, dumps
from workers.stages.cluster import DEFAULT_WINDOW_MS, Member
from workers.stages.dates import annotate_dates
from workers.stages.enrich import enrich
from workers.stages.language import tag_language
from workers.stages.pipeline import stamp_pipeline
from workers.stages.split import split_file

INGESTED_AT = "2026-01-01T00:00:00Z"


def digests(count: int, seed: int) -> dict[str, str]:
    stages = ("split", "language", "dates", "enrich", "cluster")
    hashes = {stage: hashlib.sha256() for stage in stages}
    done: list[Member] = []
    for corpus_file in generate(count, seed):
        raw = RawFile(corpus_file.data, hashlib.sha256(corpus_file.data).hexdigest(),
                      corpus_file.name, INGESTED_AT)
        try:
            articles: list[Article] = [stamp_pipeline(a, raw) for a in split_file(raw)]
        except KhabarError as error:
            hashes["split"].update(f"dead:{raw.name}:{reason_of(error)}\n".encode())
            continue
        for article in articles:
            hashes["split"].update(dumps(article))
            tagged = tag_language(article)
            hashes["language"].update(dumps(tagged))
            dated = annotate_dates(tagged)
            hashes["dates"].update(dumps(dated))
            enriched = enrich(dated)
            hashes["enrich"].update(dumps(enriched))
            done.append(member_of(enriched))
    for record in clusters_of(done, DEFAULT_WINDOW_MS):
        hashes["cluster"].update(record.dumps() + b"\n")
    return {stage: h.hexdigest() for stage, h in hashes.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for stage, digest in digests(args.count, args.seed).items():
        print(f"{stage:9} {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
