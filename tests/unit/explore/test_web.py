"""The explorer's pages from a real aiohttp server on 127.0.0.1 over a store of the seeds'
records: what each page shows, what it refuses, and that article text is never markup."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from html import unescape

import pytest
from aiohttp import ClientResponse, ClientSession
from aiohttp.test_utils import TestServer

from workers.consume import Message
from workers.dead_letters import Origin, dead_letter_headers
from workers.errors import KhabarError
from workers.explore.follow import FollowStatus
from workers.explore.query import PAGE_SIZE, Filters
from workers.explore.store import Store
from workers.explore.web import SECURITY_HEADERS, create_app
from workers.headers import FILE_NAME_HEADER
from workers.record import Article, Links

Get = Callable[[str], Awaitable[tuple[ClientResponse, str]]]


def pages(store: Store, check: Callable[[Get], Awaitable[None]]) -> None:
    """Run ``check`` against a server of the store's database."""

    async def main() -> None:
        server = TestServer(create_app(store.path, FollowStatus()), host="127.0.0.1")
        await server.start_server()
        try:
            async with ClientSession() as session:
                async def get(path: str) -> tuple[ClientResponse, str]:
                    async with session.get(server.make_url(path)) as response:
                        return response, await response.text()

                await check(get)
        finally:
            await server.close()

    asyncio.run(main())


def article_links(html: str) -> list[str]:
    return re.findall(r'href="/article/([^"]+)"', html)


def test_every_page_answers_with_the_security_headers(store: Store,
                                                      seed_articles: list[Article]) -> None:
    async def check(get: Get) -> None:
        for path in ("/", "/search", "/search?q=%D8%BA%D8%B2%D8%A9", "/entities",
                     "/entities?period=week", "/dead-letters",
                     f"/article/{seed_articles[0].article_id}", "/static/style.css"):
            response, _ = await get(path)
            assert response.status == 200, path
            for name, value in SECURITY_HEADERS.items():
                assert response.headers[name] == value, (path, name)
        assert "script-src" not in SECURITY_HEADERS["Content-Security-Policy"]  # none at all

    pages(store, check)


@pytest.mark.parametrize(("path", "status"), [
    ("/article/nope", 404), ("/nowhere", 404), ("/?page=0", 400), ("/search?page=99999", 400),
    ("/search?since=2025-02-30", 400), ("/entities?period=century", 400),
])
def test_what_is_not_there_or_malformed_is_a_page_saying_so(store: Store, path: str,
                                                            status: int) -> None:
    async def check(get: Get) -> None:
        response, html = await get(path)
        assert response.status == status
        assert "<h1>Not here</h1>" in html

    pages(store, check)


def test_the_explorer_is_read_only(store: Store, seed_articles: list[Article]) -> None:
    async def main() -> None:
        server = TestServer(create_app(store.path, FollowStatus()), host="127.0.0.1")
        await server.start_server()
        try:
            async with ClientSession() as session:
                for method in ("POST", "PUT", "DELETE"):
                    async with session.request(method, server.make_url("/dead-letters"),
                                               data=b"x") as response:
                        assert response.status == 405
        finally:
            await server.close()

    asyncio.run(main())
    assert store.count("articles") == len(seed_articles)


def test_article_text_is_shown_as_text_never_run_as_markup(
    store: Store, seed_articles: list[Article],
) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    article = replace(seed_articles[0], article_id="f" * 64 + "-000",
                      headline=f"عنوان {hostile}",
                      paragraphs=[hostile, *seed_articles[0].paragraphs],
                      entities=[], dates=[], quotes=[])
    with store.batch():
        store.put_article(article)

    async def check(get: Get) -> None:
        for path in ("/", f"/article/{article.article_id}", "/search?q=alert"):
            response, html = await get(path)
            assert response.status == 200
            assert "<script" not in html and "<img" not in html, path
            assert "&lt;script&gt;" in html, path

    pages(store, check)


def test_only_web_addresses_become_links(store: Store, seed_articles: list[Article]) -> None:
    article = replace(seed_articles[0], article_id="e" * 64 + "-000", links=Links(
        urls=["javascript:alert(1)", 'https://example.org/a?b=1&c="x"']))
    with store.batch():
        store.put_article(article)

    async def check(get: Get) -> None:
        _, html = await get(f"/article/{article.article_id}")
        assert 'href="javascript:' not in html
        assert "javascript:alert(1)" in html  # shown, as text
        assert 'href="https://example.org/a?b=1&amp;c=&#34;x&#34;"' in html

    pages(store, check)


def test_latest_lists_a_page_of_articles_each_linking_to_its_page(
    store: Store, seed_articles: list[Article],
) -> None:
    async def check(get: Get) -> None:
        _, html = await get("/")
        links = article_links(html)
        assert len(links) == min(PAGE_SIZE, len(seed_articles))
        assert set(links) <= {a.article_id for a in seed_articles}
        for article in seed_articles:
            if article.article_id in links:
                assert article.headline in unescape(html)

    pages(store, check)


def test_the_article_page_highlights_every_person_and_lists_the_entities(
    store: Store, seed_articles: list[Article],
) -> None:
    article = max(seed_articles, key=lambda a: sum(e.type == "person" for e in a.entities))
    persons = [e for e in article.entities if e.type == "person"]
    assert persons

    async def check(get: Get) -> None:
        _, html = await get(f"/article/{article.article_id}")
        for person in persons:
            assert f'class="entity entity-person" data-entity="{person.id}"' in html, person.name
        for entity in article.entities:
            assert f'href="/search{Filters().link(entity=entity.id)}"' in html, entity.id
            if entity.country:
                assert f"country={entity.country}" in html
        assert 'dir="rtl" lang="ar"' in html

    pages(store, check)


def test_a_facet_link_is_a_view_holding_only_articles_with_that_facet(
    store: Store, seed_articles: list[Article],
) -> None:
    by_id = {a.article_id: a for a in seed_articles}

    async def check(get: Get) -> None:
        _, html = await get("/search")
        facet = re.search(r'<ul class="facet facet-country">\s*<li><a href="(/search\?[^"]+)"',
                          html)
        assert facet is not None
        link = unescape(facet.group(1))
        country = re.search(r"country=([A-Z]{2})", link)
        assert country is not None
        _, filtered = await get(link)
        listed = article_links(filtered)
        assert listed
        for article_id in listed:
            assert any(e.country == country.group(1) for e in by_id[article_id].entities)

    pages(store, check)


def test_the_dead_letter_page_gives_the_replay_command_of_each_reason(store: Store) -> None:
    headers = dead_letter_headers(
        [(FILE_NAME_HEADER, "صور <b>.txt".encode())], KhabarError("too big", reason="too_large"),
        stage="split", origin=Origin("t.raw", 1, 3, 1.0),
    )
    with store.batch():
        store.apply("dlq", Message("t.dlq", 0, 0, 2.0, b"k", b"data", headers))

    async def check(get: Get) -> None:
        _, html = await get("/dead-letters")
        assert "<code>khabar dlq replay --reason too_large</code>" in html
        assert "صور &lt;b&gt;.txt" in html
        _, other = await get("/dead-letters?reason=not_text")
        assert "No dead letters with this reason" in other

    pages(store, check)


def test_the_status_page_counts_what_is_stored(store: Store, seed_articles: list[Article]) -> None:
    async def check(get: Get) -> None:
        response, _ = await get("/status.json")
        body = await response.json()
        assert body["articles"] == len(seed_articles)
        assert body["clusters"] == len(seed_articles)  # one cluster record per article
        assert body["dead_letters"] == 0

    pages(store, check)
