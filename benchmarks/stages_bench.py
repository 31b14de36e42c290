"""Articles per second of each stage alone and of the whole chain, in-process on one core, on
the generated corpus, with the naive baseline (``naive_baseline.py``) measured in the same run
and the peak memory of a process that runs the whole chain over the corpus.

Times are CPU seconds of this process (``time.process_time``): the two cores are shared, so
wall time would measure the neighbours too.

    .venv/bin/python benchmarks/stages_bench.py            # 5,000 files, 3 runs, some minutes
    .venv/bin/python benchmarks/stages_bench.py --quick    # 500 files, 40-file baseline sample
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import pstats
import resource
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import arguments, emit, fmt, header, stat_cells, table
from benchmarks.corpus import CorpusFile, generate
from benchmarks.naive_baseline import gazetteer_names, naive_process
from workers.errors import KhabarError
from workers.record import Article, RawFile
from workers.stages.dates import annotate_dates
from workers.stages.enrich import enrich
from workers.stages.language import tag_language
from workers.stages.pipeline import (
    process_raw,
    stamp_pipeline,
    warm_up,
)
from workers.stages.split import split_file

INGESTED_AT = "2026-01-01T00:00:00.000+00:00"


@dataclass
class Rates:
    files: int
    articles: int
    seconds: list[float]

    def per_second(self, unit: int) -> list[float]:
        return [unit / s for s in self.seconds]


def raw_files(files: Iterable[CorpusFile]) -> list[RawFile]:
    return [RawFile(f.data, hashlib.sha256(f.data).hexdigest(), f.name, INGESTED_AT)
            for f in files]


def split_all(raws: list[RawFile]) -> list[Article]:
    articles: list[Article] = []
    for raw in raws:
        try:
            articles.extend(stamp_pipeline(a, raw) for a in split_file(raw))
        except KhabarError:
            continue  # a dead letter, as in the worker
    return articles


def chain_all(raws: list[RawFile]) -> int:
    count = 0
    for raw in raws:
        try:
            count += len(process_raw(raw))
        except KhabarError:
            continue
    return count


def measure_stages(raws: list[RawFile], runs: int) -> dict[str, Rates]:
    """Each stage over the outputs of the stage before it, fresh articles every run."""
    times: dict[str, list[float]] = {s: [] for s in ("split", "language", "dates", "enrich")}
    chain: list[float] = []
    articles: list[Article] = []
    count = 0
    for _ in range(runs):
        started = time.process_time()
        articles = split_all(raws)
        times["split"].append(time.process_time() - started)
        for stage, step in (("language", tag_language), ("dates", annotate_dates)):
            started = time.process_time()
            articles = [step(a) for a in articles]
            times[stage].append(time.process_time() - started)
        started = time.process_time()
        articles = [enrich(a) for a in articles]
        times["enrich"].append(time.process_time() - started)
        started = time.process_time()
        count = chain_all(raws)
        chain.append(time.process_time() - started)
    result = {stage: Rates(len(raws), len(articles), s) for stage, s in times.items()}
    result["whole chain"] = Rates(len(raws), count, chain)
    return result


def measure_naive(files: list[CorpusFile], runs: int) -> Rates:
    gazetteer_names()
    naive_process(files[0].data)  # load langdetect profiles and dateparser data first
    seconds, count = [], 0
    for _ in range(runs):
        started = time.process_time()
        count = sum(len(naive_process(f.data)) for f in files)
        seconds.append(time.process_time() - started)
    return Rates(len(files), count, seconds)


def profile_stages(raws: list[RawFile], top: int) -> str:
    """cProfile of each stage on its own input; the ``top`` functions by own time per stage."""
    report = io.StringIO()
    steps = {"language": tag_language, "dates": annotate_dates, "enrich": enrich}
    articles: list[Article] = []
    for stage in ("split", "language", "dates", "enrich"):
        profiler = cProfile.Profile()
        profiler.enable()
        articles = split_all(raws) if stage == "split" else [steps[stage](a) for a in articles]
        profiler.disable()
        stats = pstats.Stats(profiler)
        total = stats.total_tt  # type: ignore[attr-defined]
        rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:top]  # type: ignore[attr-defined]
        report.write(f"\n{stage} (profiled total {total:.2f} s)\n")
        inner = sorted(((k, v) for k, v in stats.stats.items()  # type: ignore[attr-defined]
                        if "workers/stages/" in k[0]), key=lambda kv: -kv[1][3])[:top]
        for title, chosen in (("by own time", rows), ("stage functions by cumulative", inner)):
            report.write(f" {title}:\n")
            for (path, line, name), (_, calls, own, cumulative, _) in chosen:
                where = path.split("site-packages/")[-1].split("/work/main/")[-1]
                report.write(f"  {own / total:5.1%} own {own:6.2f} s  cum {cumulative:6.2f} s  "
                             f"{calls:>8} calls  {name} ({where}:{line})\n")
    return report.getvalue()


def child_peak_rss(count: int, seed: int) -> int:
    """Max RSS (KB) of a fresh process that generates the corpus and runs the whole chain."""
    output = subprocess.run(
        [sys.executable, __file__, "--child-rss", "--count", str(count), "--seed", str(seed)],
        check=True, capture_output=True, text=True,
    ).stdout
    return int(output.split()[-1])


def rate_row(name: str, rates: Rates) -> list[str]:
    return [name, str(rates.files), str(rates.articles), *stat_cells(rates.per_second(
        rates.articles)), fmt(sorted(rates.per_second(rates.files))[len(rates.seconds) // 2])]


def extra(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--count", type=int, default=None, help="corpus files (5000)")
    parser.add_argument("--sample", type=int, default=None,
                        help="files in the naive baseline's sample (200)")
    parser.add_argument("--profile", action="store_true",
                        help="only print a cProfile of each stage on the corpus")
    parser.add_argument("--child-rss", action="store_true", help=argparse.SUPPRESS)


def main() -> int:
    args = arguments(__doc__.split("\n\n")[0], extra)
    count = args.count or (500 if args.quick else 5000)
    if args.child_rss:
        warm_up()
        chain_all(raw_files(generate(count, args.seed)))
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        return 0
    if args.profile:
        warm_up()
        emit(header(f"cProfile of each stage, {count} files (seed {args.seed})"))
        emit(profile_stages(raw_files(generate(count, args.seed)), 8))
        return 0
    sample_size = args.sample or (40 if args.quick else 200)
    files = generate(count, args.seed)
    raws = raw_files(files)
    sample = [f for f in files if not f.dead][:sample_size]
    warm_up()
    emit(header(f"stages in-process, {count} files (seed {args.seed}), {args.runs} runs, "
                "CPU time, one core"))
    stages = measure_stages(raws, args.runs)
    same_sample = measure_stages(raw_files(sample), args.runs)["whole chain"]
    naive = measure_naive(sample, args.runs)
    rows = [rate_row(name, rates) for name, rates in stages.items()]
    rows.append(rate_row(f"whole chain, baseline sample ({len(sample)} files)", same_sample))
    rows.append(rate_row(f"naive baseline ({len(sample)} files)", naive))
    emit("")
    emit(table(["stage", "files", "articles", "articles/s min", "median", "max",
                "files/s median"], rows))
    middle = args.runs // 2
    by_files = sorted(same_sample.per_second(1))[middle] / sorted(naive.per_second(1))[middle]
    chain_articles = sorted(stages["whole chain"].per_second(stages["whole chain"].articles))
    naive_articles = sorted(naive.per_second(naive.articles))
    by_articles = chain_articles[middle] / naive_articles[middle]
    emit("")
    emit(f"whole chain / naive (median files/s on the same {len(sample)} files): "
         f"{by_files:.1f}x")
    emit(f"whole chain / naive (median articles/s, each on its own article count): "
         f"{by_articles:.1f}x")
    peak = child_peak_rss(count, args.seed)
    emit(f"peak RSS of one process running the whole chain over the {count} files: "
         f"{peak / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
