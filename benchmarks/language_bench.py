"""Throughput of the language stage against plain seeded langdetect, on one core.

Run ``.venv/bin/python benchmarks/language_bench.py [--repeats N]``. Corpus: the articles the
splitter finds in ``seeds/*.txt`` plus every line of the evaluation set, packed in order into
articles of 12 lines.
Rows:

- stage: ``tag_language`` over every article (langdetect_rs backend, the default);
- stage, fallback: the same segmentation and rules with plain langdetect as the backend;
- reference: langdetect_rs alone, one batch over the raw segments (what the stage cannot beat);
- baseline: plain langdetect ``detect_langs`` (seeded) once per headline, paragraph and caption.

Each row runs the same segments in the same process; min/median/max over the repeats, and the
ratio of the baseline's median time to the row's.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
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

import langdetect  # noqa: E402

from benchmarks.common import cpu_model  # noqa: E402
from tests.eval.language import load_corpus  # noqa: E402
from workers.record import Article, FileInfo, RawFile  # noqa: E402
from workers.stages.language import line_segments, tag_language  # noqa: E402
from workers.stages.language.detect import SEED, backend  # noqa: E402
from workers.stages.split import split_file  # noqa: E402

EVAL_LINES_PER_ARTICLE = 12
"""Evaluation lines are packed into articles of this many lines (a headline and 11 paragraphs,
about the size of the seeds' main articles), in corpus order."""


def _articles() -> list[Article]:
    articles: list[Article] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        data = path.read_bytes()
        raw = RawFile(data=data, sha256=hashlib.sha256(data).hexdigest(), name=path.name)
        articles.extend(split_file(raw))
    file = FileInfo(sha256="0" * 64, name="eval.tsv", bytes=0, encoding="utf-8")
    texts = [item.text for item in load_corpus()]
    for index in range(0, len(texts), EVAL_LINES_PER_ARTICLE):
        headline, *paragraphs = texts[index : index + EVAL_LINES_PER_ARTICLE]
        articles.append(
            Article(
                article_id=f"eval-{index}",
                file=file,
                position=index,
                role="related",
                headline=headline,
                paragraphs=paragraphs,
            )
        )
    return articles


def _lines(articles: list[Article]) -> list[str]:
    return [line for a in articles for line in (a.headline, *a.paragraphs, *a.captions)]


def _plain(lines: list[str]) -> None:
    langdetect.DetectorFactory.seed = SEED
    for line in lines:
        with contextlib.suppress(langdetect.LangDetectException):
            langdetect.detect_langs(line)


def _native(lines: list[str]) -> None:
    """The detector alone, no segmentation or rules: the floor under the stage's time."""
    backend("langdetect_rs").probabilities_many(lines)


def _interleaved(jobs: dict[str, Callable[[], None]], repeats: int) -> dict[str, list[float]]:
    """Each repeat runs every job once, in turn, so a busy neighbour slows all rows alike."""
    for job in jobs.values():
        job()  # warm-up: loads the profiles, fills caches
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(repeats):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            times[name].append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    articles = _articles()
    lines = _lines(articles)
    fallback = backend("langdetect")

    def stage() -> None:
        for article in articles:
            tag_language(article)

    def stage_fallback() -> None:
        for line in lines:
            line_segments(line, backend=fallback)

    rows: dict[str, Callable[[], None]] = {
        "stage (langdetect_rs)": stage,
        "stage, fallback (langdetect)": stage_fallback,
        "reference: langdetect_rs batch, detection only": lambda: _native(lines),
        "baseline: langdetect detect_langs per segment": lambda: _plain(lines),
    }
    results = _interleaved(rows, args.repeats)
    baseline = results["baseline: langdetect detect_langs per segment"]
    base, base_min = statistics.median(baseline), min(baseline)
    print(
        f"CPU: {cpu_model()}, {os.cpu_count()} cores on the machine, pinned to 1; "
        f"Python {platform.python_version()}; langdetect {version('langdetect')}, "
        f"langdetect-rs {version('langdetect-rs')}"
    )
    print(
        f"Corpus: {len(articles)} articles, {len(lines)} segments (headlines, paragraphs, "
        f"captions); {args.repeats} repeats after one warm-up, rows interleaved\n"
    )
    print(
        "| run | min s | median s | max s | segments/s | articles/s | × baseline (medians) "
        "| × baseline (minima) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, times in results.items():
        median = statistics.median(times)
        print(
            f"| {name} | {min(times):.4f} | {median:.4f} | {max(times):.4f} "
            f"| {len(lines) / median:,.0f} | {len(articles) / median:,.0f} "
            f"| {base / median:.1f} | {base_min / min(times):.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
