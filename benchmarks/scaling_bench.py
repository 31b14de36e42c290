"""Time per article versus article size for the whole in-process chain: one article of 1 KB,
10 KB, 100 KB and 1 MB of realistic Arabic text (seed paragraphs in seeded random order, under
a headline, a dateline and a source line). Cost linear in size shows as a roughly constant
µs/KB down the table; the last column is each row's µs/KB over the 10 KB row's.

    .venv/bin/python benchmarks/scaling_bench.py
    .venv/bin/python benchmarks/scaling_bench.py --quick    # no 1 MB row
"""

from __future__ import annotations

import hashlib
import statistics
import sys
import time
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import arguments, emit, fmt, header, stat_cells, table
from benchmarks.corpus import seed_pools
from workers.record import RawFile
from workers.stages.limits import Limits
from workers.stages.pipeline import process_raw, warm_up

KB = 1024
SIZES = (KB, 10 * KB, 100 * KB, 1024 * KB)
ROOMY = Limits(max_file_bytes=64 * 1024 * KB, max_articles_per_file=10**6,
               max_article_chars=10**9)


def article_bytes(size: int, seed: int) -> bytes:
    """One article of about ``size`` UTF-8 bytes with no read-also marker, so it stays one."""
    rng = Random(f"scaling-{seed}-{size}")  # noqa: S311 - reproducible
    pools = seed_pools()
    lines = [pools.headlines[0], "تاريخ النشر: 11th, March 2024 GMT"]
    footer = "المصدر: وكالات"
    used = sum(len(x.encode()) + 1 for x in [*lines, footer])
    misses = 0
    while misses < 50:  # stop once no paragraph fits in what is left
        paragraph = rng.choice(pools.paragraphs)
        cost = len(paragraph.encode()) + 1
        if used + cost > size and len(lines) > 2:
            misses += 1
            continue
        lines.append(paragraph)
        used += cost
    return ("\n".join([*lines, footer]) + "\n").encode()


def seconds_per_call(data: bytes, repeats: int) -> list[float]:
    raw = RawFile(data, hashlib.sha256(data).hexdigest(), "scaling.txt", None)
    result = []
    for _ in range(repeats):
        started = time.process_time()
        articles = process_raw(raw, ROOMY)
        result.append(time.process_time() - started)
        assert len(articles) == 1, f"{len(articles)} articles from one"
    return result


def main() -> int:
    args = arguments(__doc__.split("\n\n")[0])
    sizes = SIZES[:-1] if args.quick else SIZES
    warm_up()
    emit(header(f"cost per article vs size, whole in-process chain, {args.runs} runs, CPU time"))
    rows, per_kb = [], {}
    for size in sizes:
        data = article_bytes(size, args.seed)
        repeats = max(args.runs, 3 * args.runs * KB * 100 // size if size < 100 * KB else 0)
        samples = seconds_per_call(data, repeats)
        micro_per_kb = [s * 1e6 / (len(data) / KB) for s in samples]
        per_kb[size] = statistics.median(micro_per_kb)
        rows.append([f"{size // KB} KB", f"{len(data):,}", str(repeats),
                     fmt(statistics.median(samples) * 1000), *stat_cells(micro_per_kb)])
    base = per_kb.get(10 * KB, next(iter(per_kb.values())))
    for row, size in zip(rows, sizes, strict=True):
        row.append(f"{per_kb[size] / base:.2f}")
    emit("")
    emit(table(["size", "bytes", "calls", "ms/article median", "µs/KB min", "median", "max",
                "µs/KB vs 10 KB"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
