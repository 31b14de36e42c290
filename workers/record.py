"""The article record: the value on every stage topic after khabar.raw.

Plain dataclasses so the stages stay free of Faust and Kafka. The same class travels through
every topic; each stage fills in its own fields and leaves the rest as the previous stage
wrote them. Serialisation is orjson (dataclasses in declared field order, UTF-8, so the bytes
are deterministic); parsing back goes through a pydantic ``TypeAdapter`` that rebuilds the
nested dataclasses and rejects a malformed message with a precise reason.

Offsets: every ``start``/``end`` pair in a record (segments, dates, entity mentions, quotes)
indexes into :func:`article_text` — the headline, the paragraphs and the captions joined by
``"\\n"`` in that order — as Python ``str`` indices (code points), end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import orjson
from pydantic import TypeAdapter

SCHEMA_ID = "khabar.article/2"  # /2: duplicate_of left for khabar.clusters

Role = Literal["main", "related"]
Precision = Literal["year", "month", "day", "hour", "minute", "second"]
DateKind = Literal["absolute", "relative", "partial"]
Calendar = Literal["gregorian", "hijri"]
EntityType = Literal["person", "location", "organization", "media"]
MentionForm = Literal["name", "demonym"]


@dataclass(slots=True)
class RawFile:
    """One message from khabar.raw, before splitting: the bytes and what Kafka told us."""

    data: bytes
    sha256: str
    name: str | None = None
    ingested_at: str | None = None  # ISO-8601 UTC of the raw message's Kafka timestamp


@dataclass(slots=True)
class FileInfo:
    sha256: str
    name: str | None
    bytes: int
    encoding: str


@dataclass(slots=True)
class Embed:
    text: str
    handle: str | None = None
    url: str | None = None
    raw: str = ""  # the full line as it appeared, so nothing is lost


@dataclass(slots=True)
class PublishedAt:
    value: str  # ISO-8601
    precision: Precision
    raw: str
    origin: str  # "dateline" | "stamp" | "related_stamp" | …
    note: str | None = None  # e.g. why one source was preferred over another


@dataclass(slots=True)
class RelatedHeadline:
    headline: str
    published_at: PublishedAt | None = None
    stamp: str | None = None  # the raw date stamp printed next to the headline


@dataclass(slots=True)
class Source:
    raw: str
    name: str
    names: list[str] = field(default_factory=list)  # one per outlet when a line credits several


@dataclass(slots=True)
class Language:
    code: str  # ISO 639-1 or "und"
    confidence: float


@dataclass(slots=True)
class Segment:
    start: int
    end: int
    lang: str
    confidence: float = 0.0


@dataclass(slots=True)
class DateMention:
    text: str
    start: int
    end: int
    value: str
    precision: Precision
    kind: DateKind
    calendar: Calendar = "gregorian"


@dataclass(slots=True)
class Mention:
    text: str
    start: int
    end: int
    # "name", or "demonym" for a country adjective or nationality (الروسي، الأميركية، الروس):
    # the entity is the country, the mention says "Russian", not "Russia".
    form: MentionForm = "name"


@dataclass(slots=True)
class Entity:
    id: str
    type: EntityType
    name: str
    name_en: str | None = None
    country: str | None = None
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    known: bool = True  # False when discovered from a title or role, not from the gazetteer
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Quote:
    text: str
    speaker: str | None
    speaker_id: str | None
    start: int
    end: int


@dataclass(slots=True)
class Links:
    urls: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Stats:
    words: int
    chars: int
    reading_seconds: int


@dataclass(slots=True)
class Pipeline:
    version: str
    ingested_at: str | None = None


@dataclass(slots=True)
class Article:
    article_id: str
    file: FileInfo
    position: int
    role: Role
    headline: str
    schema: str = SCHEMA_ID
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    related_headlines: list[RelatedHeadline] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    site: str | None = None
    byline: str | None = None
    dateline: str | None = None  # raw text of the "تاريخ النشر: …" line, if any
    stamp: str | None = None  # raw text of a timestamp line such as 2025-02-27@01:36:37 GMT
    source: Source | None = None
    keywords_raw: str | None = None
    keywords: list[str] = field(default_factory=list)
    published_at: PublishedAt | None = None
    language: Language | None = None
    segments: list[Segment] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    links: Links | None = None
    stats: Stats | None = None
    fingerprint: str | None = None
    pipeline: Pipeline | None = None


def make_article_id(sha256: str, position: int) -> str:
    """Deterministic key: the same file always yields the same ids, so redelivery is harmless."""
    return f"{sha256}-{position:03d}"


def article_text(article: Article) -> str:
    """The text every offset in a record points into (see the module docstring)."""
    return "\n".join([article.headline, *article.paragraphs, *article.captions])


@cache
def _adapter() -> TypeAdapter[Article]:
    return TypeAdapter(Article)


def dumps(article: Article) -> bytes:
    """UTF-8 JSON (Arabic stays Arabic, not \\u escapes), fields in declared order."""
    return orjson.dumps(article)


def to_dict(article: Article) -> dict[str, Any]:
    result: dict[str, Any] = orjson.loads(orjson.dumps(article))
    return result


def loads(data: bytes | str) -> Article:
    """Parse a stage message back into an Article; raises pydantic.ValidationError if malformed."""
    return _adapter().validate_json(data)


def from_dict(data: dict[str, Any]) -> Article:
    return _adapter().validate_python(data)
