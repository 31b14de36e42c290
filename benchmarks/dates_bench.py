"""Throughput of the dates stage against dateparser.search.search_dates, on one core.

Run: .venv/bin/python benchmarks/dates_bench.py [--rounds 5]

Articles: every article the split stage finds in seeds/*.txt, plus one article per sentence of
the labelled set (tests/data/dates/labelled.jsonl; dateline from its base date). khabar runs
``annotate_dates`` (publication date + every mention); dateparser runs ``search_dates`` on the
same ``article_text`` (languages ar/en/fr, RELATIVE_BASE = the article's date when it has one).
Both warm up once first (data files, dateparser's language models); then the two alternate,
one pass each per round.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dateparser.search import search_dates  # noqa: E402

from benchmarks.common import cpu_model  # noqa: E402
from workers.record import Article, FileInfo, RawFile, article_text, make_article_id  # noqa: E402
from workers.stages.dates import annotate_dates  # noqa: E402
from workers.stages.dates.published import base_of, publication  # noqa: E402
from workers.stages.split import split_file  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "dates" / "labelled.jsonl"


def seed_articles() -> list[Article]:
    articles: list[Article] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        data = path.read_bytes()
        raw = RawFile(data=data, sha256=hashlib.sha256(data).hexdigest(), name=path.name)
        articles.extend(split_file(raw))
    return articles


def sentence_articles() -> list[Article]:
    articles = []
    for number, line in enumerate(LABELLED.read_text(encoding="utf-8").splitlines()):
        case = json.loads(line)
        dateline = None
        if case["base"]:  # the seeds' dateline format: "تاريخ النشر: 27th, February 2025 GMT"
            day = datetime.fromisoformat(case["base"])
            suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
            dateline = f"تاريخ النشر: {day.day}{suffix.get(day.day, 'th')}, {day:%B %Y} GMT"
        articles.append(
            Article(
                article_id=make_article_id("f" * 64, number),
                file=FileInfo(sha256="f" * 64, name=None, bytes=0, encoding="utf-8"),
                position=0,
                role="main",
                headline=case["sentence"],
                dateline=dateline,
            )
        )
    return articles


def interleaved(
    ours: Callable[[], object], theirs: Callable[[], object], rounds: int
) -> tuple[list[float], list[float]]:
    """Alternate the two systems round by round, so load from other processes on this shared
    machine falls on both alike; one warm-up round first."""
    ours()
    theirs()
    ours_times, theirs_times = [], []
    for _ in range(rounds):
        began = time.perf_counter()
        ours()
        ours_times.append(time.perf_counter() - began)
        began = time.perf_counter()
        theirs()
        theirs_times.append(time.perf_counter() - began)
    return ours_times, theirs_times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    articles = seed_articles() + sentence_articles()
    texts = [article_text(a) for a in articles]
    bases = [base_of(publication(a)) for a in articles]

    def khabar() -> None:
        for article in articles:
            annotate_dates(article)

    def dateparser_run() -> None:
        for text, base in zip(texts, bases, strict=True):
            settings = {"RELATIVE_BASE": base} if isinstance(base, datetime) else {}
            search_dates(text, languages=["ar", "en", "fr"], settings=settings)

    ours, theirs = interleaved(khabar, dateparser_run, args.rounds)
    count = len(articles)
    print(f"CPU: {cpu_model()}, {os.cpu_count()} cores on the machine, run pinned to one core")
    print(
        f"Python {platform.python_version()}, dateparser "
        f"{importlib.metadata.version('dateparser')}, hijridate "
        f"{importlib.metadata.version('hijridate')}"
    )
    print(f"Articles: {count} ({len(seed_articles())} from seeds/, the rest labelled sentences)")
    print()
    print("| system | runs | min s | median s | max s | articles/s (median) |")
    print("|---|---|---|---|---|---|")
    for name, times in (("khabar annotate_dates", ours), ("dateparser search_dates", theirs)):
        median = statistics.median(times)
        print(
            f"| {name} | {len(times)} | {min(times):.3f} | {median:.3f} | {max(times):.3f} "
            f"| {count / median:,.0f} |"
        )
    print()
    ratios = sorted(t / o for o, t in zip(ours, theirs, strict=True))
    print(
        f"khabar is {statistics.median(ratios):.1f}x faster (median of per-round ratios; "
        f"range {ratios[0]:.1f}x to {ratios[-1]:.1f}x; ratio of best times "
        f"{min(theirs) / min(ours):.1f}x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
