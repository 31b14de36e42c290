"""The seeds through the in-process pipeline (the records a worker writes, without Kafka), in a
store of their own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from workers.explore.store import Store
from workers.process import clusters_of, member_of, process_paths
from workers.record import Article
from workers.stages.cluster import DEFAULT_WINDOW_MS
from workers.stages.limits import DEFAULT_LIMITS

SEEDS = sorted((Path(__file__).resolve().parents[3] / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    articles: list[Article] = []
    for _, result in process_paths(SEEDS, DEFAULT_LIMITS):
        assert isinstance(result, list), result
        articles.extend(result)
    return articles


def fill(store: Store, articles: list[Article]) -> None:
    with store.batch():
        for article in articles:
            store.put_article(article)
        for cluster in clusters_of((member_of(a) for a in articles), DEFAULT_WINDOW_MS):
            store.put_cluster(cluster.dumps())


@pytest.fixture
def store(tmp_path: Path, seed_articles: list[Article]) -> Iterator[Store]:
    store = Store(tmp_path / "explore.sqlite3")
    fill(store, seed_articles)
    yield store
    store.close()
