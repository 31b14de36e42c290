"""Reading and replaying dead letters.

Replay republishes the original key, value and headers (without the ``khabar.error.*`` ones) to
the topic the message originally came from, so a fixed worker treats it like any new message.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from kafka import KafkaProducer

from workers.consume import Message, read_topic
from workers.dead_letters import HEADER_PREFIX, read_error
from workers.settings import Settings


@dataclass(frozen=True, slots=True)
class DeadLetterView:
    message: Message
    error: dict[str, str]

    @property
    def reason(self) -> str:
        return self.error.get("reason", "")

    @property
    def failed_at(self) -> datetime | None:
        stamp = self.error.get("timestamp")
        return datetime.fromisoformat(stamp) if stamp else None

    def to_json(self) -> dict[str, object]:
        return {
            "offset": self.message.offset,
            "partition": self.message.partition,
            "key": self.message.to_json()["key"],
            "bytes": len(self.message.value or b""),
            **{f"error.{k}": v for k, v in sorted(self.error.items())},
        }


def list_dead_letters(
    settings: Settings,
    servers: str,
    *,
    reason: str | None = None,
    since: datetime | None = None,
    timeout: float = 10.0,
) -> Iterator[DeadLetterView]:
    for message in read_topic(settings, servers, settings.topic("dlq"), timeout=timeout, idle=1.0):
        view = DeadLetterView(message, read_error(message.headers))
        if reason is not None and view.reason != reason:
            continue
        failed = view.failed_at
        if since is not None and failed is not None and failed < since:
            continue
        yield view


def replay(settings: Settings, servers: str, letters: Iterable[DeadLetterView]) -> int:
    """Republish to the original topics; returns how many were acknowledged."""
    producer = KafkaProducer(
        bootstrap_servers=servers.split(","),
        client_id="khabar-dlq-replay",
        acks="all",
        retries=5,
        max_request_size=settings.max_file_bytes + 64 * 1024,
        **settings.kafka_python_security(),
    )
    futures = []
    try:
        for letter in letters:
            topic = letter.error.get("topic") or settings.topic("raw")
            headers = [(k, v) for k, v in letter.message.headers if not k.startswith(HEADER_PREFIX)]
            futures.append(
                producer.send(
                    topic, key=letter.message.key, value=letter.message.value, headers=headers
                )
            )
        for future in futures:
            future.get(timeout=60)
    finally:
        producer.flush()
        producer.close()
    return len(futures)
