"""Throughput of the whole enrich stage on one core, against a naive baseline in the same run.

Run: ``.venv/bin/python benchmarks/enrich_bench.py [--runs 5]``.

Articles: every article the split stage finds in seeds/*.txt plus every article of the quote
evaluation set (tests/data/quotes/*.toml; headline = first line, paragraphs = the rest).
khabar: ``enrich(article)`` — entities, quotes, source, keywords, links, stats, fingerprint.
Baseline (same outputs, the obvious way): entities by ``str.find`` of every gazetteer alias in
the normalised text; quotes by one regex search per speech verb (verb, then up to 200
characters, then a quotation); keywords by one gazetteer lookup per token pair; the same
links, stats and fingerprint functions. Both warm up once, then passes over all articles alternate
(enrich, baseline, enrich, …) and each is timed in process CPU time, so other jobs on a shared
machine do not skew the figures; min/median/max over the runs.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import statistics
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import cpu_model  # noqa: E402
from workers.record import Article, FileInfo, Mention, RawFile, article_text  # noqa: E402
from workers.stages.enrich import enrich, is_known_phrase, stats  # noqa: E402
from workers.stages.enrich.entities import find_entities  # noqa: E402
from workers.stages.enrich.entities.gazetteer import gazetteer  # noqa: E402
from workers.stages.enrich.fingerprint import simhash  # noqa: E402
from workers.stages.enrich.links import find_links  # noqa: E402
from workers.stages.enrich.quotes import find_quotes  # noqa: E402
from workers.stages.split import split_file  # noqa: E402
from workers.stages.text.arabic import normalize_arabic  # noqa: E402
from workers.stages.text.data_files import load_toml  # noqa: E402


def load_articles() -> list[Article]:
    found: list[Article] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        data = path.read_bytes()
        raw = RawFile(data=data, sha256=hashlib.sha256(data).hexdigest(), name=path.name)
        found.extend(split_file(raw))
    info = FileInfo(sha256="0" * 64, name=None, bytes=0, encoding="utf-8")
    for path in sorted((ROOT / "tests" / "data" / "quotes").glob("*.toml")):
        for item in tomllib.loads(path.read_text("utf-8"))["articles"]:
            head, *body = item["text"].split("\n")
            found.append(
                Article(item["id"], info, 0, "main", head, paragraphs=body, keywords_raw=None)
            )
    return found


def naive_enrich(article: Article) -> Article:
    text = article_text(article)
    norm = normalize_arabic(text)
    mentions: list[Mention] = []
    for alias in gazetteer().aliases:
        start = norm.find(alias)
        while start >= 0:
            mentions.append(Mention(alias, start, start + len(alias)))
            start = norm.find(alias, start + 1)
    quotes: list[str] = []
    for verb in _naive_verbs():
        quotes.extend(m.group(1) for m in verb.finditer(text))
    tokens = (article.keywords_raw or "").split()
    pairs = [" ".join(tokens[i : i + 2]) for i in range(len(tokens) - 1)]
    keywords = [p for p in pairs if is_known_phrase(p)]
    return replace(
        article,
        keywords=keywords,
        links=find_links(text, article.embeds),
        stats=stats(text),
        fingerprint=simhash([article.headline, *article.paragraphs]),
    )


_VERBS: list[re.Pattern[str]] = []


def _naive_verbs() -> list[re.Pattern[str]]:
    if not _VERBS:
        speech = load_toml("enrich", "quotes.toml")["speech"]
        for verb in speech["verbs"] + speech["object_verbs"] + speech["participles"]:
            _VERBS.append(re.compile(re.escape(verb) + r"[^«“\"\n]{0,200}[«“\"]([^»”\"\n]*)[»”\"]"))
    return _VERBS


def one_pass(func: Callable[[Article], object], articles: list[Article]) -> float:
    """Articles per CPU-second of this process: other jobs on a shared machine slow the wall
    clock, not the CPU time the stage itself needs, so this is the per-core throughput."""
    start = time.process_time()
    for article in articles:
        func(article)
    return len(articles) / (time.process_time() - start)


def timed(
    funcs: dict[str, Callable[[Article], object]], articles: list[Article], runs: int
) -> dict[str, list[float]]:
    """Passes interleaved (A, B, A, B …) so that every function sees the same machine."""
    for func in funcs.values():  # warm up: data files, compiled patterns, caches
        for article in articles:
            func(article)
    rates: dict[str, list[float]] = {label: [] for label in funcs}
    for _ in range(runs):
        for label, func in funcs.items():
            rates[label].append(one_pass(func, articles))
    return rates


def row(label: str, rates: list[float]) -> str:
    return f"| {label} | {min(rates):,.0f} | {statistics.median(rates):,.0f} | {max(rates):,.0f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description="enrich stage throughput")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    articles = load_articles()
    texts = [article_text(a) for a in articles]
    entities = {t: find_entities(t) for t in texts}
    parts = timed(
        {"enrich (whole stage)": enrich, "naive baseline": naive_enrich}, articles, args.runs
    )
    breakdown = timed(
        {
            "  of which find_entities": lambda a: find_entities(article_text(a)),
            "  of which find_quotes": lambda a: find_quotes(
                article_text(a), entities[article_text(a)]
            ),
            "  of which simhash": lambda a: simhash([a.headline, *a.paragraphs]),
        },
        articles,
        3,
    )
    print(
        f"enrich benchmark: {len(articles)} articles, {sum(map(len, texts)):,} characters; "
        f"{os.cpu_count()} cores, {cpu_model()}; Python {platform.python_version()}, "
        f"pyahocorasick {version('pyahocorasick')}; {args.runs} runs"
    )
    print()
    print("| code | min articles per CPU-second | median | max |")
    print("|---|---|---|---|")
    for label, rates in {**parts, **breakdown}.items():
        print(row(label, rates))
    ratio = statistics.median(parts["enrich (whole stage)"]) / statistics.median(
        parts["naive baseline"]
    )
    print()
    print(f"speed-up of enrich over the naive baseline (medians): {ratio:.1f}x")


if __name__ == "__main__":
    main()
