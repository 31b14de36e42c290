"""Reading and writing article records across versions, for rolling upgrades.

The policy (docs/operations.md, "Upgrades"): the record's ``schema`` is
``khabar.article/MAJOR`` or ``khabar.article/MAJOR.MINOR``.

- A **minor** version only adds optional fields. A worker of an older minor version keeps every
  field it does not know: it parses what it knows, runs its stage, and writes the unknown fields
  back wherever its stage left the surrounding value unchanged (a stage that rebuilds a list,
  such as the entities, writes its own list). So during a rolling upgrade an old worker never
  strips what a new one added, and the record keeps the newer label.
- A **major** version may remove, rename or change the meaning of fields. A worker meeting a
  newer major version cannot know what the record means: it dead-letters it with reason
  ``schema_unsupported``, and ``khabar dlq replay --reason schema_unsupported`` sends it to the
  new workers once the upgrade is done.
- A record of an older version is read with defaults for what it lacks and written under this
  version's label.

Records of this very version take the fast path: no second parse, no merge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import orjson

from workers import record
from workers.errors import KhabarError
from workers.record import Article

SCHEMA_NAME = "khabar.article"
_VERSION = re.compile(r"^khabar\.article/(\d+)(?:\.(\d+))?$")


class SchemaUnsupported(KhabarError):
    """A record of a newer major version: this worker cannot know what its fields mean."""

    reason = "schema_unsupported"


def schema_version(schema: str) -> tuple[int, int] | None:
    """(major, minor) of a record's ``schema`` label, or None when it is not an article's."""
    match = _VERSION.match(schema)
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2) or 0)


def _current() -> tuple[int, int]:
    version = schema_version(record.SCHEMA_ID)
    if version is None:  # pragma: no cover - a constant of this package
        raise RuntimeError(f"record.SCHEMA_ID {record.SCHEMA_ID!r} is not an article schema")
    return version


CURRENT = _current()


@dataclass(slots=True)
class Decoded:
    """A parsed record, and the JSON it came from when it holds fields this version lacks."""

    article: Article
    newer: dict[str, Any] | None = None


def decode(data: bytes) -> Decoded:
    """Parse a stage message. Raises :class:`SchemaUnsupported` for a newer major version and
    ``ValueError`` for anything that is not an article record."""
    article = record.loads(data)
    version = schema_version(article.schema)
    if version is None:
        raise ValueError(f"unknown schema {article.schema!r}")
    if version[0] > CURRENT[0]:
        raise SchemaUnsupported(
            f"record of {article.schema}, newer than this worker's {record.SCHEMA_ID}: "
            "replay it once every worker is upgraded"
        )
    if version > CURRENT:
        return Decoded(article, orjson.loads(data))
    article.schema = record.SCHEMA_ID
    return Decoded(article, None)


def encode(article: Article, newer: dict[str, Any] | None) -> bytes:
    """The record's bytes, with the fields of ``newer`` this version does not know kept."""
    if newer is None:
        return record.dumps(article)
    return orjson.dumps(keep_unknown(newer, record.to_dict(article)))


def keep_unknown(original: Any, written: Any) -> Any:
    """``written`` plus every field of ``original`` it lacks, wherever ``written`` still holds
    the same value as ``original`` for the fields it has (an unchanged object or list item)."""
    if isinstance(original, dict) and isinstance(written, dict):
        merged = {key: keep_unknown(original.get(key), value) for key, value in written.items()}
        for key, value in original.items():
            merged.setdefault(key, value)
        return merged
    if isinstance(original, list) and isinstance(written, list) and len(original) == len(written):
        return [keep_unknown(old, new) if _agrees(old, new) else new
                for old, new in zip(original, written, strict=True)]
    return written


def _agrees(original: Any, written: Any) -> bool:
    """Whether ``original`` holds ``written`` (and maybe more): the stage left it unchanged."""
    if isinstance(original, dict) and isinstance(written, dict):
        return all(key in original and _agrees(original[key], value)
                   for key, value in written.items())
    if isinstance(original, list) and isinstance(written, list):
        return len(original) == len(written) and all(
            _agrees(old, new) for old, new in zip(original, written, strict=True))
    return bool(original == written)
