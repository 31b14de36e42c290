"""Publishing raw files to the raw topic with kafka-python.

A file is reported as sent only once the broker acknowledged it (``acks=all``); anything the
publisher refuses or the broker fails to take is reported with a reason, never half-published
and called done. The key is the SHA-256 of the bytes, so the same file always lands in the same
partition and the pipeline's output keys stay stable.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from kafka import KafkaProducer
from kafka.errors import KafkaError

from workers.headers import FILE_NAME_HEADER, FILE_SIZE_HEADER
from workers.metrics import PublisherMetrics
from workers.settings import Settings

log = logging.getLogger(__name__)

# Headers and the record envelope need a little room next to the file itself.
ENVELOPE_BYTES = 64 * 1024
SEND_TIMEOUT_SECONDS = 60.0
BOOTSTRAP_TIMEOUT_MS = 10_000


class BrokerUnavailable(Exception):
    """The brokers could not be reached; nothing was published."""


@dataclass(frozen=True, slots=True)
class Outcome:
    path: Path
    ok: bool
    reason: str = ""  # reason code when not ok
    detail: str = ""
    bytes: int = 0
    key: str = ""


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and the regular files inside folders (recursively, sorted, no dot-files).
    A missing path is yielded too so that it is reported rather than silently skipped."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path))
            )
        else:
            yield path


def check_file(path: Path, max_bytes: int) -> bytes | Outcome:
    """The file's bytes, or the refusal saying why it will not be published."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return Outcome(path, False, "missing", "no such file")
    except OSError as exc:
        return Outcome(path, False, "unreadable", exc.strerror or str(exc))
    if not path.is_file():
        return Outcome(path, False, "unreadable", "not a regular file")
    if size > max_bytes:
        return Outcome(path, False, "too_large", f"{size} bytes is over the maximum of {max_bytes}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Outcome(path, False, "unreadable", exc.strerror or str(exc))
    if not data:
        return Outcome(path, False, "empty", "the file is empty")
    return data


class Publisher:
    def __init__(
        self, settings: Settings, bootstrap_servers: str, metrics: PublisherMetrics | None = None
    ) -> None:
        self.settings = settings
        self.metrics = metrics
        self.topic = settings.topic("raw")
        try:
            self.producer = KafkaProducer(
                bootstrap_servers=bootstrap_servers.split(","),
                client_id="khabar-publisher",
                acks="all",
                retries=5,
                retry_backoff_ms=200,
                max_in_flight_requests_per_connection=5,
                linger_ms=20,
                max_request_size=settings.max_file_bytes + ENVELOPE_BYTES,
                request_timeout_ms=30_000,
                bootstrap_timeout_ms=BOOTSTRAP_TIMEOUT_MS,
                delivery_timeout_ms=int(SEND_TIMEOUT_SECONDS * 1000),
                **settings.kafka_python_security(),
            )
        except KafkaError as exc:
            raise BrokerUnavailable(
                f"no Kafka broker answered at {bootstrap_servers}: is it running, and is "
                "KAFKA_BOOTSTRAP_SERVERS right?"
            ) from exc

    def publish(self, paths: Iterable[Path]) -> Iterator[Outcome]:
        """Send every file; yields one outcome per file once the broker answered for it."""
        pending = []
        for path in paths:
            data = check_file(path, self.settings.max_file_bytes)
            if isinstance(data, Outcome):
                yield self._count(data)
                continue
            key = hashlib.sha256(data).hexdigest()
            headers = [
                (FILE_NAME_HEADER, path.name.encode("utf-8", "replace")),
                (FILE_SIZE_HEADER, str(len(data)).encode()),
            ]
            try:
                future = self.producer.send(
                    self.topic, key=key.encode(), value=data, headers=headers
                )
            except KafkaError as exc:
                yield self._count(Outcome(path, False, "send_failed", str(exc)))
                continue
            pending.append((path, len(data), key, future))
            while pending and pending[0][3].is_done:
                yield self._settle(*pending.pop(0))
        for item in pending:
            yield self._settle(*item)

    def _settle(self, path: Path, size: int, key: str, future: Any) -> Outcome:
        """Wait for the broker's answer on one file; only an acknowledged file counts as sent."""
        try:
            future.get(timeout=SEND_TIMEOUT_SECONDS + 5)
        except KafkaError as exc:
            return self._count(Outcome(path, False, "send_failed", str(exc), size, key))
        return self._count(Outcome(path, True, bytes=size, key=key))

    def _count(self, outcome: Outcome) -> Outcome:
        if self.metrics is not None:
            if outcome.ok:
                self.metrics.files.inc()
                self.metrics.bytes.inc(outcome.bytes)
            else:
                self.metrics.rejections.labels(outcome.reason).inc()
        if not outcome.ok:
            log.debug("refused %s: %s", outcome.path, outcome.detail)
        return outcome

    def close(self) -> None:
        self.producer.flush(timeout=SEND_TIMEOUT_SECONDS)
        self.producer.close(timeout=SEND_TIMEOUT_SECONDS)

    def __enter__(self) -> Publisher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
