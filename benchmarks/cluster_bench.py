"""Story clusters in one process: throughput against a naive baseline, and state on an endless
stream.

Articles arrive one every ``STEP_MS`` of ingestion time; 30 % are near copies (1-3 flipped
bits) of one of the last 500 articles, the rest have random fingerprints. Throughput runs the
same transitions the agents run (``cluster_articles``: band buckets, cluster nodes, records,
with message encoding) against the baseline a reader would write first: compare each article
with every article of the window and keep a union–find (the same clusters; checked). State:
a stream of ten windows through the band and node indexes, with the entries held and the
memory they take (tracemalloc) after each window.

    .venv/bin/python benchmarks/cluster_bench.py           # 10,000 articles, 3 runs
    .venv/bin/python benchmarks/cluster_bench.py --quick   # 3,000 articles
"""

from __future__ import annotations

import random
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import arguments, emit, fmt, header, stat_cells, table
from workers.stages.cluster import cluster_articles
from workers.stages.cluster.bands import BandIndex, band_keys
from workers.stages.cluster.member import MAX_DISTANCE, Member, hamming
from workers.stages.cluster.nodes import NodeIndex

STEP_MS = 1000
NEAR_COPIES = 0.3
RECENT = 500
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def stream(count: int, seed: int) -> list[Member]:
    rng = random.Random(seed)  # noqa: S311 - a reproducible stream, not a secret
    fingerprints: list[int] = []
    members = []
    for i in range(count):
        if fingerprints and rng.random() < NEAR_COPIES:
            value = rng.choice(fingerprints[-RECENT:])
            for bit in rng.sample(range(64), rng.randint(1, MAX_DISTANCE)):
                value ^= 1 << bit
        else:
            value = rng.getrandbits(64)
        fingerprints.append(value)
        at = (EPOCH + timedelta(milliseconds=i * STEP_MS)).isoformat(timespec="milliseconds")
        members.append(Member(f"{i:064x}-000", f"{value:016x}", at))
    return members


def naive_clusters(members: list[Member], window_ms: int) -> dict[str, str]:
    """Every article against every earlier article of the window; union–find."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    seen: list[Member] = []
    for member in members:
        parent[member.article_id] = member.article_id
        when = member.ingested_ms
        for other in reversed(seen):
            if when - other.ingested_ms > window_ms:
                break
            if hamming(other.fingerprint, member.fingerprint) <= MAX_DISTANCE:
                a, b = find(other.article_id), find(member.article_id)
                if a != b:
                    parent[max(a, b)] = min(a, b)  # ids increase with time here
        seen.append(member)
    return {key: find(key) for key in parent}


def state_table(count: int, seed: int) -> list[list[str]]:
    window_ms = count // 10 * STEP_MS
    bands, nodes = BandIndex(window_ms), NodeIndex(window_ms)
    rows = []
    tracemalloc.start()
    members = stream(count, seed)
    baseline = tracemalloc.get_traced_memory()[0]
    for i, member in enumerate(members, 1):
        nodes.receive(member.article_id, [member])
        for key in band_keys(member.fingerprint):
            bands.add(key, member)
        if i % (count // 10) == 0:
            used = tracemalloc.get_traced_memory()[0] - baseline
            rows.append([str(i // (count // 10)), f"{i:,}", f"{bands.size():,}",
                         f"{len(nodes.nodes):,}", fmt(used / 2**20)])
    tracemalloc.stop()
    return rows


def main() -> int:
    args = arguments(__doc__.split("\n\n")[0])
    count = 3000 if args.quick else 10_000
    members = stream(count, args.seed)
    window_ms = count * STEP_MS  # the whole stream is one window: the most work per article
    emit(header(f"story clusters in one process, {count:,} articles, {args.runs} runs"))
    ours, naive = [], []
    for _ in range(args.runs):
        started = time.process_time()
        records = cluster_articles(members, window_ms)
        ours.append(count / (time.process_time() - started))
        started = time.process_time()
        roots = naive_clusters(members, window_ms)
        naive.append(count / (time.process_time() - started))
        if {k: r.cluster_id for k, r in records.items()} != roots:
            raise AssertionError("the baseline and cluster_articles disagree")
    sizes = [r.cluster.size for r in records.values() if r.cluster is not None]
    emit(f"clusters: {len(sizes):,}, largest {max(sizes)}, articles in clusters of 2+: "
         f"{sum(s for s in sizes if s > 1):,}")
    emit(table(["method", "articles/s min", "median", "max"],
               [["cluster_articles (bands + nodes + records)", *stat_cells(ours)],
                ["naive: compare with the whole window", *stat_cells(naive)]]))
    emit(f"ratio (median): {statistics.median(ours) / statistics.median(naive):.1f}x")
    emit("")
    emit(f"state on a stream of ten windows ({count // 10:,} articles each), swept every "
         "1,000 messages:")
    emit(table(["window", "articles so far", "bucket entries", "nodes", "memory MiB"],
               state_table(count, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
