"""`khabar explore` in a real browser: Debian's Chromium driven by Playwright, against the
explorer subprocess following the topics of a real worker on a real broker.

Chromium comes from Debian (``make test`` installs it when missing); Playwright downloads no
browser. The article page's screenshot is saved with the test's files, and also to
``KHABAR_SCREENSHOT_DIR`` when that is set (how docs/img/explore-article.png is made).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from kafka import KafkaProducer
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import ROOT, SEEDS, Pipeline, scaled, wait_for
from workers.brokers.process import free_port
from workers.consume import read_to_end
from workers.explore.store import FOLLOWED
from workers.process import process_paths
from workers.record import Article, article_text, loads
from workers.stages.limits import DEFAULT_LIMITS

pytestmark = [
    pytest.mark.integration,
    pytest.mark.brokers("kafka", reason="the explorer reads topics with the same client as "
                        "`khabar consume`, tested on both brokers; the pages do not depend on "
                        "the broker, so they are tested once, on the reference one"),
]
HARAKAT = re.compile("[\u064b-\u0652]")
WORD = re.compile("[\\w\u064b-\u0652]+")


def chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install "
                    "chromium)")
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), headless=True,
                                              args=["--no-sandbox"])
        yield launched
        launched.close()


def status(url: str) -> dict[str, object]:
    try:
        with urllib.request.urlopen(f"{url}/status.json", timeout=5) as response:  # noqa: S310
            result: dict[str, object] = orjson.loads(response.read())
            return result
    except OSError:
        return {}


def start_explorer(pipeline: Pipeline, database: Path, log: Path
                   ) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "workers", "explore", "--port", str(port), "--db", str(database)],
        env=pipeline.env, stdout=log.open("ab"), stderr=subprocess.STDOUT, cwd=ROOT,
    )
    return process, f"http://127.0.0.1:{port}"


def stop_explorer(process: subprocess.Popen[bytes], log: Path) -> None:
    process.send_signal(signal.SIGTERM)
    assert process.wait(30) == 0, log.read_text()


def articles_of(paths: list[Path]) -> int:
    return sum(len(result) for _, result in process_paths(paths, DEFAULT_LIMITS)
               if isinstance(result, list))


@pytest.fixture
def explorer(pipeline: Pipeline) -> Iterator[tuple[str, list[Article]]]:
    """A worker has processed the seeds and an empty file (a dead letter); the explorer has
    stored them all. Yields its URL and the articles as read from khabar.enriched."""
    pipeline.start_worker()
    assert pipeline.publish(*SEEDS).returncode == 0
    producer = KafkaProducer(bootstrap_servers=pipeline.servers)
    producer.send(pipeline.topic("raw"), key=b"empty-file", value=b"",
                  headers=[("khabar.file.name", "فارغ.txt".encode())]).get(timeout=30)
    producer.close()
    expected = articles_of(SEEDS)
    records = pipeline.read("enriched", count=expected, timeout=scaled(expected, 5))
    articles = {a.article_id: a for a in (loads(m.value) for m in records if m.value)}
    assert len(articles) == expected
    log = pipeline.tmp / "explore.log"
    process, url = start_explorer(pipeline, pipeline.tmp / "explore.sqlite3", log)
    try:
        wait_for(lambda: process.poll() is not None or (
            status(url).get("articles") == expected and status(url).get("dead_letters") == 1
            and status(url).get("clusters") == expected), scaled(expected, 5),
            "the explorer to store the articles, their clusters and the dead letter")
        assert process.poll() is None, log.read_text()
        yield url, sorted(articles.values(), key=lambda a: a.article_id)
    finally:
        stop_explorer(process, log)


def test_a_restarted_explorer_reads_only_what_is_new(pipeline: Pipeline) -> None:
    """The offsets are stored with the records: a second run on the same database reads the
    messages written since the first stopped, and nothing twice."""
    pipeline.start_worker()
    database, log = pipeline.tmp / "explore.sqlite3", pipeline.tmp / "explore.log"
    first, rest = SEEDS[:2], SEEDS[2:]
    assert pipeline.publish(*first).returncode == 0
    process, url = start_explorer(pipeline, database, log)
    wait_for(lambda: status(url).get("clusters") == articles_of(first),
             scaled(len(first), 5), "the first files in the explorer")
    stored_first = int(str(status(url)["stored"]))
    stop_explorer(process, log)
    assert pipeline.publish(*rest).returncode == 0
    total = articles_of(SEEDS)
    process, url = start_explorer(pipeline, database, log)
    try:
        wait_for(lambda: status(url).get("clusters") == total, scaled(total, 5),
                 "every file in the explorer")

        def on_the_topics() -> int:
            return sum(len(list(read_to_end(pipeline.settings(), pipeline.servers,
                                            pipeline.topic(kind)))) for kind in FOLLOWED)

        # The cluster agents may still add records: wait until the counts settle on equal.
        wait_for(lambda: stored_first + int(str(status(url)["stored"])) == on_the_topics(),
                 scaled(total, 5), "the two runs together to have read each message once")
        assert status(url)["articles"] == total
    finally:
        stop_explorer(process, log)


def listed_ids(page: Page) -> list[str]:
    return [str(link.get_attribute("href")).removeprefix("/article/")
            for link in page.locator("table.articles td.headline a").all()]


def test_an_analyst_browses_searches_filters_and_reads_the_dead_letters(
    explorer: tuple[str, list[Article]], browser: Browser, tmp_path: Path,
) -> None:
    url, articles = explorer
    by_id = {a.article_id: a for a in articles}
    page = browser.new_page(viewport={"width": 1400, "height": 1000})

    # Latest: every article, newest first, each row a link to its page.
    page.goto(url + "/")
    assert sorted(listed_ids(page)) == sorted(by_id)

    # The article with the most persons: each person's mentions are highlighted as persons.
    article = max(articles, key=lambda a: sum(e.type == "person" for e in a.entities))
    persons = [e for e in article.entities if e.type == "person"]
    assert persons
    page.locator("table.articles td.headline a", has_text=article.headline).first.click()
    page.wait_for_url(f"**/article/{article.article_id}")
    text = article_text(article)
    for person in persons:
        shown = page.locator(f'article .entity-person[data-entity="{person.id}"]')
        written = {text[m.start:m.end] for m in person.mentions}
        assert shown.count() >= 1, person.name
        assert set(shown.all_inner_texts()) <= written | {w.strip() for w in written}
        assert any(w in " ".join(shown.all_inner_texts()) for w in written), person.name
    assert page.locator("article h1").get_attribute("dir") == "rtl"
    page.screenshot(path=str(tmp_path / "explore-article.png"), full_page=False)
    assert (tmp_path / "explore-article.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("KHABAR_SCREENSHOT_DIR"):
        shutil.copy(tmp_path / "explore-article.png",
                    Path(os.environ["KHABAR_SCREENSHOT_DIR"]) / "explore-article.png")

    # A search without diacritics finds an article that writes the word with them.
    marked = next((a, w) for a in articles for w in WORD.findall(article_text(a))
                  if HARAKAT.search(w) and len(HARAKAT.sub("", w)) >= 4)
    bare = HARAKAT.sub("", marked[1])
    page.goto(url + "/search")
    page.fill("form.search input[name=q]", bare)
    page.click("form.search button[type=submit]")
    page.wait_for_load_state()
    found = listed_ids(page)
    assert marked[0].article_id in found
    for article_id in found:
        assert bare in HARAKAT.sub("", article_text(by_id[article_id]))

    # Filter by country: the facet's link keeps only articles naming a place of that country.
    page.goto(url + "/search")
    facet = page.locator("ul.facet-country a").first
    country = str(facet.inner_text()).split()[0]
    facet.click()
    page.wait_for_url(f"**country={country}**")
    filtered = listed_ids(page)
    assert filtered
    assert set(filtered) == {a.article_id for a in articles
                             if any(e.country == country for e in a.entities)}

    # The dead letter: its reason, stage, file name and the replay command for its reason.
    page.goto(url + "/dead-letters")
    row = page.locator("table.dead-letters tbody tr").first
    assert "empty" in row.inner_text() and "فارغ.txt" in row.inner_text()
    assert "khabar dlq replay --reason empty" in page.locator("table.reasons").inner_text()
    page.close()
