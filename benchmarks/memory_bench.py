"""Peak resident memory of one real worker subprocess while it processes the whole corpus
through the embedded broker: ``VmHWM`` (the kernel's high-water mark of RSS) from
``/proc/<pid>/status``, polled while the enriched topic fills, plus the RSS after start-up and
warm-up for comparison. Target: under 300 MB for the 5,000-file corpus.

    .venv/bin/python benchmarks/memory_bench.py            # 5,000 files
    .venv/bin/python benchmarks/memory_bench.py --quick    # 500 files
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import arguments, emit, fmt, header, stat_cells, table
from benchmarks.corpus import CorpusFile, generate
from benchmarks.e2e_bench import (
    WARM_FILES,
    WORKER,
    Workers,
    article_messages,
    collect,
    new_settings,
    publish,
    sha,
)
from workers.brokers import TansuBroker
from workers.topics import create_topics

TARGET_MB = 300.0


def status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def one_run(count: int, seed: int, folder: Path, servers: str) -> tuple[float, float, float]:
    """(RSS after warm-up, peak RSS, seconds) in MB for one fresh worker."""
    corpus = generate(WARM_FILES + count, seed)
    settings = new_settings(servers, "m")
    create_topics(settings, servers)
    workers = Workers(WORKER, settings, servers, folder)
    folder.mkdir(parents=True)
    try:
        workers.start(1)
        pid = workers.processes[0].pid

        def feed(batch: list[CorpusFile]) -> None:
            paths = [folder / f.name for f in batch]
            for path, item in zip(paths, batch, strict=True):
                path.write_bytes(item.data)
            publish(settings, servers, paths)
            collect(settings, servers, settings.topic("enriched"), {sha(f.data) for f in batch},
                    len(article_messages(batch)), on_poll=lambda: status_kb(pid, "VmHWM"))

        feed(corpus[:WARM_FILES])
        settled = status_kb(pid, "VmRSS") / 1024
        started = time.monotonic()
        feed(corpus[WARM_FILES:])
        peak = status_kb(pid, "VmHWM") / 1024
        return settled, peak, time.monotonic() - started
    finally:
        workers.stop()


def extra(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--count", type=int, default=None, help="corpus files (5000)")


def main() -> int:
    args = arguments(__doc__.split("\n\n")[0], extra)
    count = args.count or (500 if args.quick else 5000)
    runs = 1 if args.quick else args.runs
    emit(header(f"peak RSS of one worker over {count} files, {runs} runs"))
    results = []
    with tempfile.TemporaryDirectory(prefix="khabar-mem-") as tmp, TansuBroker() as broker:
        for run in range(runs):
            results.append(one_run(count, args.seed, Path(tmp) / f"run-{run}",
                                   broker.bootstrap_servers))
    settled, peaks, seconds = zip(*results, strict=True)
    emit("")
    emit(table(["measure", "min", "median", "max"], [
        ["RSS after warm-up (MB)", *stat_cells(settled)],
        ["peak RSS, VmHWM (MB)", *stat_cells(peaks)],
        ["seconds to drain the corpus", *stat_cells(seconds)],
    ]))
    verdict = "met" if max(peaks) < TARGET_MB else "missed"
    emit(f"\ntarget: peak < {TARGET_MB:.0f} MB: {verdict} (max {fmt(max(peaks))} MB, median "
         f"{fmt(statistics.median(peaks))} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
