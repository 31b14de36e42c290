"""The dead-letter convention: the original key, value and headers, plus ``khabar.error.*`` headers.

The header names mirror Kafka Connect's ``__connect.errors.*`` (stage, exception class and
message, original topic/partition/offset), the convention Kafka users already grep for, under
khabar's own prefix. The value is the original bytes, untouched, so ``khabar dlq replay`` can
republish it exactly as it came.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from workers.errors import reason_of

HEADER_PREFIX = "khabar.error."
MAX_MESSAGE_CHARS = 2_000

Headers = list[tuple[str, bytes]]


@dataclass(frozen=True, slots=True)
class Origin:
    topic: str
    partition: int
    offset: int
    timestamp: float | None  # seconds since the epoch, from Kafka


def normalize_headers(headers: Iterable[tuple[str, bytes]] | Mapping[str, bytes] | None) -> Headers:
    if headers is None:
        return []
    items = headers.items() if isinstance(headers, Mapping) else headers
    return [(str(key), bytes(value) if value is not None else b"") for key, value in items]


def error_headers(
    exc: BaseException, *, stage: str, origin: Origin, worker: str | None = None
) -> Headers:
    """The ``khabar.error.*`` headers for one failure; values are UTF-8 text."""
    message = str(exc)[:MAX_MESSAGE_CHARS]
    fields = {
        "stage": stage,
        "reason": reason_of(exc),
        "exception.class": type(exc).__name__,
        "exception.message": message,
        "topic": origin.topic,
        "partition": str(origin.partition),
        "offset": str(origin.offset),
        "original.timestamp": "" if origin.timestamp is None else f"{origin.timestamp:.3f}",
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "worker": worker or socket.gethostname(),
    }
    return [(HEADER_PREFIX + key, value.encode("utf-8")) for key, value in fields.items()]


def dead_letter_headers(
    original: Headers, exc: BaseException, *, stage: str, origin: Origin, worker: str | None = None
) -> Headers:
    """Original headers (minus any earlier error headers, so a replayed failure is not doubled)
    followed by the error headers of this failure."""
    kept = [(k, v) for k, v in original if not k.startswith(HEADER_PREFIX)]
    return kept + error_headers(exc, stage=stage, origin=origin, worker=worker)


def read_error(headers: Headers) -> dict[str, str]:
    """The ``khabar.error.*`` headers of a dead letter as a dict without the prefix."""
    return {
        key[len(HEADER_PREFIX) :]: value.decode("utf-8", "replace")
        for key, value in headers
        if key.startswith(HEADER_PREFIX)
    }
