"""What the pages ask the store: a filtered, paged list of articles with its facets, the most
mentioned entities of a period, and the dead letters.

A view is a :class:`Filters`, read from and written back to the URL's query string, so every
view (a search, a facet clicked, a page of results) is a link that can be shared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from urllib.parse import urlencode

import orjson

from workers.explore.store import ROW_COLUMNS, ROW_JOINS, ArticleRow, Store, fts_query

PAGE_SIZE = 20
MAX_PAGE = 10_000  # deep paging is what search is for; beyond this the page number is refused
MAX_QUERY_CHARS = 200
FACET_SIZE = 10
FACET_SAMPLE = 1_000  # facets count the newest this many articles of a view
ENTITY_TYPES = ("person", "organization", "location", "media")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class BadRequest(ValueError):
    """A query string the pages refuse (a page number out of range, a malformed date)."""


@dataclass(frozen=True, slots=True)
class Filters:
    """One view of the articles: full-text words, facet values, a publication-date range."""

    q: str = ""
    entity: str = ""
    country: str = ""
    source: str = ""
    language: str = ""
    since: str = ""  # YYYY-MM-DD, inclusive
    until: str = ""  # YYYY-MM-DD, inclusive
    page: int = 1

    @classmethod
    def parse(cls, params: dict[str, str]) -> Filters:
        values = {f.name: params.get(f.name, "").strip() for f in fields(cls) if f.name != "page"}
        for name, value in values.items():
            if len(value) > MAX_QUERY_CHARS:
                raise BadRequest(f"{name}: at most {MAX_QUERY_CHARS} characters")
        for name in ("since", "until"):
            if values[name] and not _is_day(values[name]):
                raise BadRequest(f"{name}: a date as YYYY-MM-DD")
        raw_page = params.get("page", "1") or "1"
        if not (raw_page.isascii() and raw_page.isdigit() and len(raw_page) <= 5) or \
                not 1 <= int(raw_page) <= MAX_PAGE:
            raise BadRequest(f"page: a number from 1 to {MAX_PAGE}")
        return cls(**values, page=int(raw_page))

    def link(self, **changes: str | int) -> str:
        """The query string of this view with ``changes`` (a filter set or cleared); any change
        but the page number goes back to page 1."""
        if "page" not in changes:
            changes = {**changes, "page": 1}
        view = replace(self, **changes)  # type: ignore[arg-type]  # field names checked above
        pairs = [(f.name, getattr(view, f.name)) for f in fields(view)]
        return "?" + urlencode([(k, v) for k, v in pairs if v and not (k == "page" and v == 1)])

    @property
    def active(self) -> list[tuple[str, str]]:
        """The filters set, as (name, value), for the "remove this filter" links."""
        return [(f.name, getattr(self, f.name)) for f in fields(self)
                if f.name != "page" and getattr(self, f.name)]


def _is_day(value: str) -> bool:
    if not DAY.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[ArticleRow]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


@dataclass(frozen=True, slots=True)
class Facet:
    value: str
    label: str
    count: int


def _where(filters: Filters) -> tuple[str, list[str]]:
    """The FROM and WHERE of a view's articles (``a``) and their parameters.

    Measured with 50,000 articles (benchmarks/explore_bench.py): words join the full-text
    index, which then drives the query (a list of its matches was built first, 1.6x slower);
    a country is an EXISTS on the article's own entities (a list of every article naming the
    country's places was 2x slower, 100x when the country was the only filter)."""
    joins: list[str] = []
    clauses: list[str] = []
    params: list[str] = []
    match = fts_query(filters.q) if filters.q else None
    if filters.q and match is None:
        clauses.append("0")  # only quotes or marks typed: nothing matches
    if match:
        joins.append(" JOIN article_text ON article_text.rowid = a.rowid "
                     "AND article_text MATCH ?")
        params.append(match)
    if filters.entity:
        clauses.append("a.rowid IN (SELECT article_rowid FROM entities WHERE entity_id = ?)")
        params.append(filters.entity)
    if filters.country:
        clauses.append("EXISTS (SELECT 1 FROM entities e WHERE e.article_rowid = a.rowid "
                       "AND e.country = ?)")
        params.append(filters.country)
    for column in ("source", "language"):
        if getattr(filters, column):
            clauses.append(f"a.{column} = ?")
            params.append(getattr(filters, column))
    if filters.since:
        clauses.append("a.published_day >= ?")
        params.append(filters.since)
    if filters.until:
        clauses.append("a.published_day <= ?")
        params.append(filters.until)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return " FROM articles a" + "".join(joins) + where, params


def _total(store: Store, filters: Filters, where: str, params: list[str]) -> int:
    """How many articles a view holds. A search by words alone is counted by the full-text
    index itself, which is many times faster than counting the articles it matches."""
    if not filters.active:
        return int(store.db.execute("SELECT count(*) FROM articles").fetchone()[0])
    if [name for name, _ in filters.active] == ["q"] and params:
        return int(store.db.execute(
            "SELECT count(*) FROM article_text WHERE article_text MATCH ?", params[:1]
        ).fetchone()[0])
    return int(store.db.execute(f"SELECT count(*){where}", params).fetchone()[0])  # nosec B608 - clauses are fixed SQL, values are parameters


def _newest(store: Store, where: str, params: list[str], limit: int, offset: int = 0
            ) -> list[int]:
    """The rowids of a view's articles, newest publication first (ingestion time when
    undated), ``limit`` of them from ``offset``."""
    return [row[0] for row in store.db.execute(
        f"SELECT a.rowid{where} ORDER BY a.sort_time DESC, a.article_id "  # nosec B608
        "LIMIT ? OFFSET ?", [*params, limit, offset],
    )]


def _rows(store: Store, rowids: list[int]) -> list[ArticleRow]:
    """The list-page rows of ``rowids``, in that order. Rows are chosen first and joined to
    their clusters after: joining before the LIMIT looked up the clusters of every match."""
    found = {row[0]: ArticleRow(*row[1:]) for row in store.db.execute(
        f"SELECT a.rowid, {ROW_COLUMNS} FROM articles a {ROW_JOINS} "  # noqa: S608  # nosec B608
        "WHERE a.rowid IN (SELECT value FROM json_each(?))", [orjson.dumps(rowids).decode()],
    )}
    return [found[rowid] for rowid in rowids if rowid in found]


def articles(store: Store, filters: Filters) -> Page:
    """One page of a view's articles, newest first."""
    where, params = _where(filters)
    first = (filters.page - 1) * PAGE_SIZE
    return Page(_rows(store, _newest(store, where, params, PAGE_SIZE, first)),
                _total(store, filters, where, params), filters.page)


@dataclass(frozen=True, slots=True)
class Facets:
    """The facets of a view, counted over its newest ``counted`` articles."""

    groups: dict[str, list[Facet]]
    counted: int


FACET_QUERIES = {  # json_each(?): the chosen rowids, as one JSON array parameter
    "entity": "SELECT entity_id, min(name), count(*) n FROM entities WHERE article_rowid "
              "IN (SELECT value FROM json_each(?)) GROUP BY entity_id "
              "ORDER BY n DESC, entity_id LIMIT ?",
    "country": "SELECT country, country, count(DISTINCT article_rowid) n FROM entities "
               "WHERE article_rowid IN (SELECT value FROM json_each(?)) "
               "AND country IS NOT NULL GROUP BY country ORDER BY n DESC, country LIMIT ?",
    "source": "SELECT source, source, count(*) n FROM articles WHERE rowid IN "
              "(SELECT value FROM json_each(?)) AND source IS NOT NULL GROUP BY source "
              "ORDER BY n DESC, source LIMIT ?",
    "language": "SELECT language, language, count(*) n FROM articles WHERE rowid IN "
                "(SELECT value FROM json_each(?)) AND language IS NOT NULL "
                "GROUP BY language ORDER BY n DESC, language LIMIT ?",
}


def search(store: Store, filters: Filters) -> tuple[Page, Facets]:
    """A page of a view's articles and its facets: the most frequent entities, countries,
    sources and languages among the view's newest :data:`FACET_SAMPLE` articles, each with
    its number of articles. Counting every match of a common word among 50,000 articles takes
    a second; the newest thousand say what the news of the view is about, and the page says
    how many were counted. One query finds those newest articles and, usually, the page too."""
    where, params = _where(filters)
    first = (filters.page - 1) * PAGE_SIZE
    newest = _newest(store, where, params, FACET_SAMPLE)
    if first + PAGE_SIZE <= len(newest) or len(newest) < FACET_SAMPLE:
        shown = newest[first:first + PAGE_SIZE]
    else:
        shown = _newest(store, where, params, PAGE_SIZE, first)
    chosen = orjson.dumps(newest).decode()
    groups = {name: [Facet(value, label, n) for value, label, n in
                     store.db.execute(sql, [chosen, FACET_SIZE])]
              for name, sql in FACET_QUERIES.items()}
    page = Page(_rows(store, shown), _total(store, filters, where, params), filters.page)
    return page, Facets(groups, len(newest))


@dataclass(frozen=True, slots=True)
class EntityCount:
    entity_id: str
    name: str
    country: str | None
    articles: int
    mentions: int


PERIODS = {"day": 1, "week": 7, "month": 30, "year": 365}


def period_range(store: Store, period: str) -> tuple[str, str] | None:
    """The last ``period`` (day, week, month, year) up to the newest publication day in the
    store, not today's date: an archive replayed today shows its own last week. None for
    "all" or an empty store."""
    if period not in PERIODS:
        return None
    newest = store.db.execute("SELECT max(published_day) FROM articles").fetchone()[0]
    if newest is None:
        return None
    last = date.fromisoformat(newest)
    return (last - timedelta(days=PERIODS[period] - 1)).isoformat(), last.isoformat()


def top_entities(store: Store, entity_type: str, days: tuple[str, str] | None,
                 limit: int = 25) -> list[EntityCount]:
    """The entities of ``entity_type`` mentioned most in articles published in ``days`` (all
    articles, undated ones included, when None), from the per-day counts the store keeps."""
    clause, params = "", [entity_type]
    if days is not None:
        clause = " AND day BETWEEN ? AND ?"
        params += list(days)
    rows = store.db.execute(
        "SELECT entity_id, min(name), min(country), sum(articles), sum(mentions) n "  # noqa: S608  # nosec B608 - fixed SQL
        f"FROM entity_days WHERE type = ?{clause} GROUP BY entity_id "
        "ORDER BY n DESC, sum(articles) DESC, entity_id LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [EntityCount(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class DeadLetterRow:
    partition: int
    offset: int
    failed_at: str | None
    reason: str
    stage: str | None
    topic: str | None
    file_name: str | None
    exception_class: str | None
    exception_message: str | None
    key: str | None
    bytes: int


def dead_letters(store: Store, reason: str, page: int) -> tuple[list[DeadLetterRow], int]:
    """Dead letters newest first, of one reason or all; and how many there are."""
    where, params = (" WHERE reason = ?", [reason]) if reason else ("", [])
    total = store.db.execute(f"SELECT count(*) FROM dead_letters{where}", params).fetchone()[0]  # noqa: S608  # nosec B608
    rows = store.db.execute(
        f"SELECT * FROM dead_letters{where} ORDER BY failed_at DESC, partition, offset "  # noqa: S608  # nosec B608
        "LIMIT ? OFFSET ?", [*params, PAGE_SIZE, (page - 1) * PAGE_SIZE],
    ).fetchall()
    return [DeadLetterRow(*row) for row in rows], int(total)


def reasons(store: Store) -> list[tuple[str, int]]:
    return [(r, n) for r, n in store.db.execute(
        "SELECT reason, count(*) n FROM dead_letters GROUP BY reason ORDER BY n DESC, reason")]
