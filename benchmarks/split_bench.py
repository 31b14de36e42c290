"""Throughput of the split stage and evidence that its cost is linear in the input size.

Prints files/s and MB/s on the five seeds and on a large synthetic file, then seconds per MB
at 10 KB, 100 KB, 1 MB and 10 MB (UTF-8 and Windows-1256), each as min/median/max of CPU
time over repeated runs (the cores are shared), with the ratio to a baseline measured in the
same run: decoding the same bytes and cutting them into lines (``bytes.decode`` +
``str.splitlines``), the least any splitter does.

    .venv/bin/python benchmarks/split_bench.py            # about a minute on 2 cores
    .venv/bin/python benchmarks/split_bench.py --quick    # fewer repeats, no 10 MB row
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import cpu_model  # noqa: E402
from workers.record import RawFile  # noqa: E402
from workers.stages.limits import Limits  # noqa: E402
from workers.stages.split import split_file  # noqa: E402

MB = 1024 * 1024
ROOMY = Limits(max_file_bytes=16 * MB, max_articles_per_file=10**7, max_article_chars=10**9)
SEEDS = [path.read_bytes() for path in sorted((ROOT / "seeds").glob("*.txt"))]


def timings(work: Callable[[], object], repeats: int, count: int = 1) -> list[float]:
    """CPU seconds per call of ``work`` (the 2 cores are shared, so wall time is noisy)."""
    result = []
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(count):
            work()
        result.append((time.process_time() - start) / count)
    return result


def synthetic(size: int, encoding: str) -> bytes:
    """Seed articles one after another (joined as read-also articles) up to ``size`` bytes."""
    text = "\nإقرأ أيضاً:\n".join(seed.decode("utf-8") for seed in SEEDS)
    unit = text.encode(encoding)
    return (unit * (size // len(unit) + 1))[:size].rsplit(b"\n", 1)[0]


def baseline(data: bytes, encoding: str) -> Callable[[], object]:
    codec = "utf-8" if encoding == "utf-8" else "cp1256"
    return lambda: data.decode(codec).splitlines()


def row(label: str, times: list[float], base: list[float], size: int, files: int = 1) -> str:
    best, median, worst = min(times), statistics.median(times), max(times)
    per_mb = median / (size / MB)
    return (
        f"| {label} | {size / 1024:,.0f} | {best * 1000:,.1f} / {median * 1000:,.1f} / "
        f"{worst * 1000:,.1f} | {files / median:,.1f} | {size / MB / median:,.2f} | "
        f"{per_mb:,.3f} | {median / statistics.median(base):,.0f}x |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeats = 3 if args.quick else 5
    print(f"machine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}")
    print(f"charset-normalizer {version('charset-normalizer')}, khabar {version('khabar')}")
    split_file(RawFile(data=SEEDS[0], sha256="0" * 64))  # compile the patterns once
    print("\nCPU time in ms as min / median / max of the repeats (wall time is noisy on shared")
    print("cores); baseline = decode + splitlines of the same bytes, measured in this run\n")
    print("| input | KB | time ms | files/s | MB/s | s per MB | vs baseline |")
    print("|---|---|---|---|---|---|---|")
    raws = [RawFile(data=seed, sha256="0" * 64) for seed in SEEDS]
    seed_bytes = sum(len(seed) for seed in SEEDS)
    loops = 20

    def all_seeds() -> None:
        for _ in range(loops):
            for raw in raws:
                split_file(raw)

    def all_seeds_baseline() -> None:
        for _ in range(loops):
            for seed in SEEDS:
                seed.decode("utf-8").splitlines()

    seed_times = timings(all_seeds, repeats)
    print(
        row(
            f"5 seeds x {loops}",
            seed_times,
            timings(all_seeds_baseline, repeats),
            seed_bytes * loops,
            files=5 * loops,
        )
    )
    sizes = [10 * 1024, 100 * 1024, MB] + ([] if args.quick else [10 * MB])
    for encoding in ("utf-8", "cp1256"):
        for size in sizes:
            data = synthetic(size, encoding)
            raw = RawFile(data=data, sha256="0" * 64)
            count = max(1, MB // size)
            times = timings(partial(split_file, raw, ROOMY), repeats, count)
            base = timings(baseline(data, encoding), repeats, count)
            print(row(f"synthetic {encoding}", times, base, len(data)))


if __name__ == "__main__":
    main()
