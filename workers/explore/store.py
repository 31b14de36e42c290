"""The explorer's SQLite database: articles, their entities, story clusters and dead letters,
with a full-text index, and the next offset of every partition it has read.

One writer (the follower's thread) applies each batch of messages in one transaction together
with the offsets that follow them, so a restarted explorer resumes exactly where it stopped and
a record is never half stored. Readers (the web pages) open their own connections; SQLite's
write-ahead log lets them read while the follower writes.

The full-text index holds the article text folded the way the pipeline folds Arabic for
matching (:func:`workers.stages.text.arabic.normalize_arabic`: harakat, tatweel and invisible
marks dropped, alef, yeh and teh marbuta forms unified), and queries are folded the same way, so
a search finds an article with or without diacritics. SQLite's own ``remove_diacritics`` only
knows Latin-script accents, which it still folds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import orjson

from workers import record
from workers.consume import Message
from workers.dead_letters import HEADER_PREFIX
from workers.headers import FILE_NAME_HEADER, header_text
from workers.record import Article
from workers.stages.text.arabic import normalize_arabic

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE,
    headline TEXT NOT NULL,
    source TEXT,
    language TEXT,
    published_at TEXT,
    published_day TEXT,
    ingested_at TEXT,
    sort_time REAL NOT NULL,
    file_name TEXT,
    position INTEGER NOT NULL,
    entity_count INTEGER NOT NULL,
    record BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_newest ON articles (sort_time DESC, article_id);
CREATE INDEX IF NOT EXISTS articles_source ON articles (source, sort_time DESC);
CREATE INDEX IF NOT EXISTS articles_language ON articles (language, sort_time DESC);
CREATE INDEX IF NOT EXISTS articles_day ON articles (published_day);
CREATE TABLE IF NOT EXISTS entities (
    article_rowid INTEGER NOT NULL REFERENCES articles (rowid),
    entity_id TEXT NOT NULL,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    country TEXT,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (article_rowid, entity_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entities_by_id ON entities (entity_id);
CREATE INDEX IF NOT EXISTS entities_by_country ON entities (country);
CREATE INDEX IF NOT EXISTS entities_by_type ON entities (type, entity_id);
-- Per entity and publication day ('' when undated), kept with every write: the Entities page
-- sums a few thousand of these rows instead of grouping every mention of the period.
CREATE TABLE IF NOT EXISTS entity_days (
    type TEXT NOT NULL,
    day TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    name TEXT NOT NULL,
    country TEXT,
    articles INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (type, day, entity_id)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS article_text USING fts5 (
    headline, body, tokenize = "unicode61 remove_diacritics 2"
);
CREATE TABLE IF NOT EXISTS clusters (
    article_id TEXT PRIMARY KEY,
    cluster_id TEXT NOT NULL,
    canonical INTEGER NOT NULL,
    distance INTEGER NOT NULL,
    size INTEGER,
    record BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS clusters_by_cluster ON clusters (cluster_id);
CREATE TABLE IF NOT EXISTS dead_letters (
    partition INTEGER NOT NULL,
    offset INTEGER NOT NULL,
    failed_at TEXT,
    reason TEXT NOT NULL,
    stage TEXT,
    topic TEXT,
    file_name TEXT,
    exception_class TEXT,
    exception_message TEXT,
    key TEXT,
    bytes INTEGER NOT NULL,
    PRIMARY KEY (partition, offset)
);
CREATE TABLE IF NOT EXISTS offsets (
    topic TEXT NOT NULL,
    partition INTEGER NOT NULL,
    next_offset INTEGER NOT NULL,
    PRIMARY KEY (topic, partition)
);
"""

# What each followed topic is, by the suffix of its name (workers.settings.TOPIC_SUFFIXES).
FOLLOWED = ("enriched", "clusters", "dlq")


def fold(text: str) -> str:
    """The form both the index and a query are written in."""
    return normalize_arabic(text)


def fts_query(text: str) -> str | None:
    """An FTS5 query matching every word of ``text`` (folded), each word a quoted string so
    nothing a user types is read as FTS5 syntax; None when no word is left."""
    words = [w.replace('"', "") for w in fold(text).split()]
    words = [w for w in words if w]
    return " ".join(f'"{w}"' for w in words) or None


def _epoch(stamp: str | None) -> float | None:
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if moment.tzinfo is None:  # a date without a zone: taken as UTC, for ordering only
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """What the list pages show of an article."""

    article_id: str
    headline: str
    source: str | None
    language: str | None
    published_at: str | None
    published_day: str | None
    entity_count: int
    cluster_id: str | None
    cluster_size: int | None


ROW_COLUMNS = (
    "a.article_id, a.headline, a.source, a.language, a.published_at, a.published_day, "
    "a.entity_count, c.cluster_id, k.size"
)
ROW_JOINS = (
    "LEFT JOIN clusters c ON c.article_id = a.article_id "
    "LEFT JOIN clusters k ON k.article_id = c.cluster_id"
)


class Store:
    """The database at ``path`` (created with its tables when missing)."""

    def __init__(self, path: Path | str, *, readonly: bool = False) -> None:
        self.path = Path(path)
        if readonly:
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                      check_same_thread=False, isolation_level=None)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Transactions are begun and ended here, never implicitly (``batch``, ``savepoint``).
            self.db = sqlite3.connect(self.path, check_same_thread=False,
                                      isolation_level=None)
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.executescript(SCHEMA)
        self.db.execute("PRAGMA foreign_keys = OFF")

    def close(self) -> None:
        self.db.close()

    # --- writing (the follower) ---

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction: every message of a poll and the offsets after them, or nothing."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A savepoint inside a batch: a record that fails half-way leaves no row behind."""
        self.db.execute("SAVEPOINT record")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK TO record")
            raise
        finally:
            self.db.execute("RELEASE record")

    def offsets(self) -> dict[tuple[str, int], int]:
        rows = self.db.execute("SELECT topic, partition, next_offset FROM offsets")
        return {(topic, partition): offset for topic, partition, offset in rows}

    def set_offset(self, topic: str, partition: int, next_offset: int) -> None:
        self.db.execute(
            "INSERT INTO offsets VALUES (?, ?, ?) ON CONFLICT (topic, partition) "
            "DO UPDATE SET next_offset = excluded.next_offset", (topic, partition, next_offset),
        )

    def apply(self, kind: str, message: Message) -> None:
        """Store one message of the followed topic ``kind`` (enriched, clusters or dlq); a
        tombstone (no value) removes what its key named. A record that does not parse raises
        (the follower logs it and goes on): the pipeline wrote it, so it should never happen."""
        if kind == "enriched":
            if message.value is None:
                self.remove_article((message.key or b"").decode())
            else:
                self.put_article(record.loads(message.value))
        elif kind == "clusters":
            if message.value is None:
                self.db.execute("DELETE FROM clusters WHERE article_id = ?",
                                ((message.key or b"").decode(),))
            else:
                self.put_cluster(message.value)
        elif kind == "dlq":
            self.put_dead_letter(message)
        else:
            raise ValueError(f"not a followed topic: {kind!r}")

    def put_article(self, article: Article) -> None:
        """Store (or replace, when redelivered or updated) one article with its entities and
        its text in the full-text index."""
        published = article.published_at.value if article.published_at else None
        ingested = article.pipeline.ingested_at if article.pipeline else None
        sort_time = _epoch(published) or _epoch(ingested) or 0.0
        day = published[:10] if published and len(published) >= 10 else None
        self.remove_article(article.article_id)
        cursor = self.db.execute(
            "INSERT INTO articles (article_id, headline, source, language, published_at, "
            "published_day, ingested_at, sort_time, file_name, position, entity_count, record) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.article_id, article.headline,
                article.source.name if article.source else None,
                article.language.code if article.language else None,
                published, day, ingested, sort_time, article.file.name, article.position,
                len(article.entities), record.dumps(article),
            ),
        )
        rowid = cursor.lastrowid
        entities = [(rowid, e.id, e.type, e.name, e.country, max(len(e.mentions), 1))
                    for e in _unique_entities(article)]
        self.db.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)", entities)
        self.db.executemany(
            "INSERT INTO entity_days VALUES (?, ?, ?, ?, ?, 1, ?) "
            "ON CONFLICT (type, day, entity_id) DO UPDATE SET articles = articles + 1, "
            "mentions = mentions + excluded.mentions",
            [(kind, day or "", entity_id, name, country, mentions)
             for _, entity_id, kind, name, country, mentions in entities],
        )
        body = "\n".join([*article.paragraphs, *article.captions])
        self.db.execute("INSERT INTO article_text (rowid, headline, body) VALUES (?, ?, ?)",
                        (rowid, fold(article.headline), fold(body)))

    def remove_article(self, article_id: str) -> None:
        """Forget an article: its row, its entities (and their part of the day counts) and
        its text."""
        found = self.db.execute("SELECT rowid, published_day FROM articles WHERE article_id = ?",
                                (article_id,)).fetchone()
        if found is None:
            return
        rowid, day = found
        held = self.db.execute("SELECT type, entity_id, mentions FROM entities "
                               "WHERE article_rowid = ?", (rowid,)).fetchall()
        for kind, entity_id, mentions in held:
            key = (kind, day or "", entity_id)
            self.db.execute("UPDATE entity_days SET articles = articles - 1, mentions = "
                            "mentions - ? WHERE type = ? AND day = ? AND entity_id = ?",
                            (mentions, *key))
            self.db.execute("DELETE FROM entity_days WHERE type = ? AND day = ? AND "
                            "entity_id = ? AND articles <= 0", key)
        self.db.execute("DELETE FROM entities WHERE article_rowid = ?", (rowid,))
        self.db.execute("DELETE FROM article_text WHERE rowid = ?", (rowid,))
        self.db.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))

    def put_cluster(self, value: bytes) -> None:
        data = orjson.loads(value)
        summary = data.get("cluster") or {}
        self.db.execute(
            "INSERT INTO clusters VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE "
            "SET cluster_id = excluded.cluster_id, canonical = excluded.canonical, "
            "distance = excluded.distance, size = excluded.size, record = excluded.record",
            (data["article_id"], data["cluster_id"], int(bool(data.get("canonical"))),
             int(data.get("distance") or 0), summary.get("size"), value),
        )

    def put_dead_letter(self, message: Message) -> None:
        error = {
            key[len(HEADER_PREFIX):]: value.decode("utf-8", "replace")
            for key, value in message.headers if key.startswith(HEADER_PREFIX)
        }
        self.db.execute(
            "INSERT OR REPLACE INTO dead_letters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (message.partition, message.offset, error.get("timestamp"),
             error.get("reason") or "unknown", error.get("stage"), error.get("topic"),
             header_text(message.headers, FILE_NAME_HEADER),
             error.get("exception.class"), error.get("exception.message"),
             (message.key or b"").decode("utf-8", "replace") or None,
             len(message.value or b"")),
        )

    # --- reading (the pages) ---

    def article(self, article_id: str) -> Article | None:
        found = self.db.execute("SELECT record FROM articles WHERE article_id = ?",
                                (article_id,)).fetchone()
        return record.loads(found[0]) if found else None

    def cluster_of(self, article_id: str) -> tuple[str, list[ArticleRow]] | None:
        """The article's cluster id and the other members the store holds, oldest first."""
        found = self.db.execute("SELECT cluster_id FROM clusters WHERE article_id = ?",
                                (article_id,)).fetchone()
        if found is None:
            return None
        rows = self.db.execute(
            f"SELECT {ROW_COLUMNS} FROM clusters m JOIN articles a ON a.article_id = "  # noqa: S608  # nosec B608 - fixed SQL
            f"m.article_id {ROW_JOINS} WHERE m.cluster_id = ? AND m.article_id != ? "
            "ORDER BY m.canonical DESC, a.sort_time, a.article_id LIMIT 50",
            (found[0], article_id),
        ).fetchall()
        return found[0], [ArticleRow(*row) for row in rows]

    def count(self, table: str) -> int:
        if table not in ("articles", "entities", "clusters", "dead_letters"):
            raise ValueError(table)
        return int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608  # nosec B608 - checked name


def _unique_entities(article: Article) -> Iterable[record.Entity]:
    """One row per entity id (a record lists each once; kept safe against a repeat)."""
    seen: set[str] = set()
    for entity in article.entities:
        if entity.id not in seen:
            seen.add(entity.id)
            yield entity
