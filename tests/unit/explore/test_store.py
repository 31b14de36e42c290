"""The explorer's store and queries on the seeds' real records: what a page lists must be
what the records say, computed here a second way from the records themselves."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from urllib.parse import parse_qsl

import pytest

from workers.consume import Message
from workers.dead_letters import Origin, dead_letter_headers
from workers.explore import query
from workers.explore.query import BadRequest, Filters
from workers.explore.store import Store, fts_query
from workers.headers import FILE_NAME_HEADER
from workers.record import Article, article_text

HARAKAT = re.compile("[\u064b-\u0652]")
WORD = re.compile("[\\w\u064b-\u0652]+")  # Python's \w leaves the marks out


def all_ids(store: Store, filters: Filters) -> set[str]:
    """The ids of every page of a view."""
    ids: set[str] = set()
    page = 1
    while True:
        result = query.articles(store, replace(filters, page=page))
        ids.update(row.article_id for row in result.rows)
        if page >= result.pages:
            return ids
        page += 1


def test_every_article_is_stored_once_even_when_delivered_twice(
    store: Store, seed_articles: list[Article],
) -> None:
    assert store.count("articles") == len(seed_articles)
    with store.batch():
        store.put_article(seed_articles[0])  # a redelivered copy
    assert store.count("articles") == len(seed_articles)
    assert store.db.execute("SELECT count(*) FROM article_text").fetchone()[0] == len(seed_articles)
    expected_entities = sum(len({e.id for e in a.entities}) for a in seed_articles)
    assert store.count("entities") == expected_entities


def test_a_tombstone_removes_the_article_its_entities_and_its_text(
    store: Store, seed_articles: list[Article],
) -> None:
    gone = seed_articles[0]
    with store.batch():
        store.apply("enriched", Message("t", 0, 9, 0.0, gone.article_id.encode(), None, []))
    assert store.article(gone.article_id) is None
    assert store.count("articles") == len(seed_articles) - 1
    rows = store.db.execute("SELECT count(*) FROM article_text").fetchone()[0]
    assert rows == len(seed_articles) - 1
    left = store.db.execute("SELECT count(*) FROM entities e LEFT JOIN articles a ON "
                            "a.rowid = e.article_rowid WHERE a.rowid IS NULL").fetchone()[0]
    assert left == 0


def test_a_search_without_diacritics_finds_words_written_with_them(
    store: Store, seed_articles: list[Article],
) -> None:
    checked = 0
    for article in seed_articles:
        for word in WORD.findall(article_text(article)):
            bare = HARAKAT.sub("", word)
            if bare == word or len(bare) < 4:
                continue
            found = all_ids(store, Filters(q=bare))
            assert article.article_id in found, (word, bare)
            checked += 1
            break
    assert checked >= 3  # most seeds carry harakat or shadda somewhere


def test_a_search_with_diacritics_finds_words_written_without_them(
    store: Store, seed_articles: list[Article],
) -> None:
    headline_words = [w for w in re.findall(r"\w+", seed_articles[0].headline) if len(w) > 3]
    word = headline_words[0]
    marked = "".join(ch + "َ" for ch in word)  # a fatha on every letter
    assert seed_articles[0].article_id in all_ids(store, Filters(q=marked))


def test_every_word_of_a_search_must_be_in_the_article(
    store: Store, seed_articles: list[Article],
) -> None:
    article = seed_articles[1]
    words = [w for w in re.findall(r"\w+", article.headline) if len(w) > 3][:2]
    found = all_ids(store, Filters(q=" ".join(words)))
    assert article.article_id in found
    assert all_ids(store, Filters(q=f"{words[0]} zzzznotaword")) == set()


@pytest.mark.parametrize("typed", ['"', 'a" OR "b', "NEAR(x y)", "*", "AND", "x:y", "(", "ـ"])
def test_whatever_is_typed_is_searched_as_words_never_as_fts_syntax(
    store: Store, typed: str,
) -> None:
    query.articles(store, Filters(q=typed))  # must not raise sqlite3.OperationalError
    query.search(store, Filters(q=typed))
    match = fts_query(typed)
    assert match is None or all(part.startswith('"') for part in match.split(" "))


def test_each_filter_keeps_exactly_the_articles_that_have_it(
    store: Store, seed_articles: list[Article],
) -> None:
    entity = Counter(e.id for a in seed_articles for e in a.entities).most_common(1)[0][0]
    country = Counter(e.country for a in seed_articles for e in a.entities
                      if e.country).most_common(1)[0][0]
    source = next(a.source.name for a in seed_articles if a.source)
    language = next(a.language.code for a in seed_articles if a.language)
    cases = {
        Filters(entity=entity): {a.article_id for a in seed_articles
                                 if any(e.id == entity for e in a.entities)},
        Filters(country=country): {a.article_id for a in seed_articles
                                   if any(e.country == country for e in a.entities)},
        Filters(source=source): {a.article_id for a in seed_articles
                                 if a.source and a.source.name == source},
        Filters(language=language): {a.article_id for a in seed_articles
                                     if a.language and a.language.code == language},
    }
    for filters, expected in cases.items():
        assert expected, filters
        assert all_ids(store, filters) == expected, filters


def test_a_date_range_keeps_the_articles_published_in_it(
    store: Store, seed_articles: list[Article],
) -> None:
    days = sorted({a.published_at.value[:10] for a in seed_articles if a.published_at})
    assert len(days) >= 2
    since, until = days[0], days[-2]
    expected = {a.article_id for a in seed_articles
                if a.published_at and since <= a.published_at.value[:10] <= until}
    assert all_ids(store, Filters(since=since, until=until)) == expected


def test_facets_count_the_articles_of_the_view(
    store: Store, seed_articles: list[Article],
) -> None:
    facets = query.search(store, Filters())[1].groups
    countries = Counter(c for a in seed_articles for c in {e.country for e in a.entities
                                                           if e.country})
    assert len(facets["country"]) == min(len(countries), query.FACET_SIZE)
    for facet in facets["country"]:
        assert countries[facet.value] == facet.count
    entities = Counter(e for a in seed_articles for e in {x.id for x in a.entities})
    assert len(facets["entity"]) == min(len(entities), query.FACET_SIZE)
    for facet in facets["entity"]:
        assert entities[facet.value] == facet.count
    sources = Counter(a.source.name for a in seed_articles if a.source)
    assert {f.value: f.count for f in facets["source"]} == dict(sources)


def test_facets_count_only_the_newest_articles_of_a_large_view(
    store: Store, seed_articles: list[Article], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(query, "FACET_SAMPLE", 3)
    newest = {row.article_id for row in query.articles(store, Filters()).rows[:3]}
    counted = query.search(store, Filters())[1]
    assert counted.counted == 3
    languages = Counter(a.language.code for a in seed_articles
                        if a.article_id in newest and a.language)
    assert {f.value: f.count for f in counted.groups["language"]} == dict(languages)


def test_a_search_page_is_the_same_page_however_it_is_found(
    store: Store, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """search() takes a page from the facets' newest articles when it lies among them and asks
    again when it does not; both must give the page articles() gives."""
    monkeypatch.setattr(query, "PAGE_SIZE", 2)
    monkeypatch.setattr(query, "FACET_SAMPLE", 3)
    for number in range(1, 7):
        view = Filters(page=number)
        assert query.search(store, view)[0] == query.articles(store, view), number


def test_latest_is_newest_first_and_paged(store: Store, seed_articles: list[Article]) -> None:
    page = query.articles(store, Filters())
    assert len(page.rows) == min(len(seed_articles), query.PAGE_SIZE)
    assert page.total == len(seed_articles)
    times = [store.db.execute("SELECT sort_time FROM articles WHERE article_id = ?",
                              (row.article_id,)).fetchone()[0] for row in page.rows]
    assert times == sorted(times, reverse=True)


def test_cluster_sizes_come_from_the_canonical_record(store: Store) -> None:
    rows = query.articles(store, Filters()).rows
    for row in rows:
        members = store.db.execute("SELECT count(*) FROM clusters WHERE cluster_id = ?",
                                   (row.cluster_id,)).fetchone()[0]
        assert row.cluster_size == members


def test_top_entities_count_mentions_and_articles(
    store: Store, seed_articles: list[Article],
) -> None:
    top = query.top_entities(store, "person", None)
    assert top
    for row in top:
        holders = [e for a in seed_articles for e in a.entities if e.id == row.entity_id]
        assert row.articles == len(holders)
        assert row.mentions == sum(max(len(e.mentions), 1) for e in holders)
    mentions = [row.mentions for row in top]
    assert mentions == sorted(mentions, reverse=True)


def test_entity_counts_stay_right_when_articles_come_again_or_go(
    store: Store, seed_articles: list[Article],
) -> None:
    def counts() -> dict[str, tuple[int, int]]:
        return {row.entity_id: (row.articles, row.mentions)
                for kind in query.ENTITY_TYPES for row in query.top_entities(store, kind, None,
                                                                             limit=10_000)}

    before = counts()
    with store.batch():
        for article in seed_articles[:3]:
            store.put_article(article)  # redelivered
    assert counts() == before
    gone = seed_articles[0]
    with store.batch():
        store.remove_article(gone.article_id)
    after = counts()
    for entity in {e.id: e for e in gone.entities}.values():
        articles, mentions = before[entity.id]
        expected = (articles - 1, mentions - max(len(entity.mentions), 1))
        assert after.get(entity.id, (0, 0)) == expected, entity.id


def test_a_period_ends_on_the_newest_publication_day(
    store: Store, seed_articles: list[Article],
) -> None:
    newest = max(a.published_at.value[:10] for a in seed_articles if a.published_at)
    week = query.period_range(store, "week")
    assert week is not None and week[1] == newest
    assert query.period_range(store, "all") is None


def test_a_dead_letter_keeps_its_reason_stage_and_file_name(store: Store) -> None:
    headers = dead_letter_headers(
        [(FILE_NAME_HEADER, b"broken.txt")], ValueError("bad bytes"),
        stage="split", origin=Origin("t.raw", 0, 41, 1.0),
    )
    with store.batch():
        store.apply("dlq", Message("t.dlq", 0, 7, 2.0, b"k", b"\xff\xfe", headers))
    rows, total = query.dead_letters(store, "", 1)
    assert total == 1
    assert (rows[0].reason, rows[0].stage, rows[0].topic, rows[0].bytes, rows[0].file_name) == (
        "exception", "split", "t.raw", 2, "broken.txt")
    assert rows[0].exception_class == "ValueError"
    assert query.reasons(store) == [("exception", 1)]


@pytest.mark.parametrize("params", [{"page": "0"}, {"page": "x"}, {"page": "9" * 5000},
                                    {"page": "٣"}, {"since": "2025-13-01"},
                                    {"until": "yesterday"}, {"q": "x" * 201}])
def test_a_malformed_view_is_refused(params: dict[str, str]) -> None:
    with pytest.raises(BadRequest):
        Filters.parse(params)


def test_a_view_is_a_link_that_reads_back_as_the_same_view() -> None:
    view = Filters(q="غزة", country="PS", since="2025-01-01", page=3)
    link = view.link(page=3)
    assert Filters.parse(dict(parse_qsl(link[1:]))) == view
    assert "page" not in view.link(source="x")  # a new filter starts at page 1


def test_a_record_that_does_not_parse_is_refused_and_leaves_nothing(store: Store) -> None:
    before = store.count("articles")
    with store.batch(), pytest.raises(ValueError), store.savepoint():
        store.apply("enriched", Message("t", 0, 1, 0.0, b"k", b'{"article_id": 1}', []))
    assert store.count("articles") == before
