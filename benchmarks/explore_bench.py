"""The explorer with 50,000 articles in its store: time to first byte of its pages.

The store is filled with real records: benchmark-corpus files through the in-process chain
(the records a worker writes), each copied under new ids and publication days until the store
holds ``--articles``. The explorer's web application then serves that database from a
subprocess on 127.0.0.1 (as ``khabar explore`` does, without the follower), and each page is
requested ``--requests`` times one after another; time to first byte is from sending the
request to reading the status line and headers. The stylesheet, a static file the same server
sends, is the baseline of the same run: what any answer costs on this machine.

    .venv/bin/python benchmarks/explore_bench.py              # 50,000 articles, 30 requests
    .venv/bin/python benchmarks/explore_bench.py --quick      # 5,000 articles, 10 requests
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import arguments, emit, fmt, header, table
from benchmarks.corpus import generate
from benchmarks.e2e_bench import percentile
from workers.brokers.process import free_port, wait_for_port
from workers.errors import KhabarError
from workers.explore.store import Store
from workers.process import clusters_of, member_of
from workers.record import Article, PublishedAt, RawFile
from workers.stages.cluster import DEFAULT_WINDOW_MS
from workers.stages.limits import DEFAULT_LIMITS
from workers.stages.pipeline import process_raw

SERVE = """
import sys
from pathlib import Path
from aiohttp import web
from workers.explore.follow import FollowStatus
from workers.explore.web import create_app
status = FollowStatus(caught_up=True)
web.run_app(create_app(Path(sys.argv[1]), status), host="127.0.0.1", port=int(sys.argv[2]),
            print=None, access_log=None)
"""


def originals(files: int, seed: int) -> list[Article]:
    articles: list[Article] = []
    for number, item in enumerate(generate(files, seed)):
        raw = RawFile(item.data, f"{number:064x}", item.name, "2026-01-01T00:00:00.000+00:00")
        with contextlib.suppress(KhabarError):  # a corpus file the split refuses
            articles.extend(process_raw(raw, DEFAULT_LIMITS))
    return articles


def fill(store: Store, articles: list[Article], count: int) -> None:
    """``count`` articles: the originals over and over, each copy with its own id and a
    publication day spread over a year, so paging, date filters and periods have work."""
    first = date(2025, 1, 1)
    copies = []
    for number in range(count):
        article = articles[number % len(articles)]
        day = first + timedelta(days=number % 365)
        copies.append(replace(
            article, article_id=f"{number:064x}-000",
            published_at=PublishedAt(f"{day.isoformat()}T12:00:00+00:00", "minute", "", "stamp"),
        ))
    with store.batch():
        for copy in copies:
            store.put_article(copy)
        for cluster in clusters_of((member_of(a) for a in copies), DEFAULT_WINDOW_MS):
            store.put_cluster(cluster.dumps())


def first_byte_ms(port: int, path: str) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()  # status line and headers read
        elapsed = (time.perf_counter() - started) * 1000
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}")
        return elapsed
    finally:
        connection.close()


def common_word(store: Store) -> str:
    """A word in many headlines (a search with many results)."""
    headlines = [r[0] for r in store.db.execute("SELECT headline FROM articles LIMIT 2000")]
    counts: dict[str, int] = {}
    for headline in headlines:
        for word in set(headline.split()):
            if len(word) > 3:
                counts[word] = counts.get(word, 0) + 1
    return max(sorted(counts), key=lambda w: counts[w])


def extra(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--articles", type=int, default=None, help="articles stored (50000)")
    parser.add_argument("--requests", type=int, default=None, help="requests per page (30)")


def main() -> int:
    args = arguments(__doc__.split("\n\n")[0], extra)
    count = args.articles or (5_000 if args.quick else 50_000)
    requests = args.requests or (10 if args.quick else 30)
    emit(header(f"explorer time to first byte, {count} articles stored, {requests} requests "
                "per page"))
    with tempfile.TemporaryDirectory(prefix="khabar-explore-") as tmp:
        database = Path(tmp) / "explore.sqlite3"
        store = Store(database)
        started = time.perf_counter()
        articles = originals(300 if args.quick else 1000, args.seed)
        fill(store, articles, count)
        emit(f"... stored {store.count('articles')} articles ({len(articles)} distinct) in "
             f"{time.perf_counter() - started:.1f} s; database "
             f"{database.stat().st_size / 1e6:.0f} MB")
        word = common_word(store)
        country = store.db.execute("SELECT country FROM entities WHERE country IS NOT NULL "
                                   "GROUP BY country ORDER BY count(*) DESC LIMIT 1"
                                   ).fetchone()[0]
        some_id = store.db.execute("SELECT article_id FROM articles LIMIT 1 OFFSET 777"
                                   ).fetchone()[0]
        store.close()
        pages = {
            "stylesheet (baseline)": "/static/style.css",
            "Latest, page 1": "/",
            "Latest, page 100": "/?page=100",
            "search, a common word": f"/search?q={quote(word)}",
            "search, word + country + dates": f"/search?q={quote(word)}&country={country}"
                                              "&since=2025-03-01&until=2025-06-30",
            "search, no words (facets of all)": "/search",
            "article": f"/article/{some_id}",
            "entities, last month": "/entities?period=month",
            "entities, all time": "/entities",
        }
        port = free_port()
        server = subprocess.Popen([sys.executable, "-c", SERVE, str(database), str(port)])  # nosec B603 - our own server
        try:
            wait_for_port("127.0.0.1", port, 60, server)
            rows = []
            baseline = 0.0
            for name, path in pages.items():
                first_byte_ms(port, path)  # warm the page's queries once
                times = [first_byte_ms(port, path) for _ in range(requests)]
                median = statistics.median(times)
                baseline = baseline or median
                rows.append([name, fmt(median), fmt(percentile(times, 95)), fmt(max(times)),
                             f"{median / baseline:.1f}x"])
        finally:
            server.terminate()
            server.wait(30)
    emit("")
    emit(table(["page", "TTFB median ms", "p95 ms", "max ms", "vs stylesheet"], rows))
    emit(f"\nsearch word: {word}; country filter: {country}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
