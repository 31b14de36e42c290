"""Reading a topic from the beginning with kafka-python, for ``khabar consume``, the demo and tests.

No consumer group: partitions are assigned directly, so reading never disturbs the workers'
committed offsets. The end of a topic is detected by silence (``idle`` seconds without a new
message), not by ``end_offsets``, which the embedded broker reports wrongly after batched
produces.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from kafka import KafkaConsumer, TopicPartition

from workers.settings import Settings


@dataclass(frozen=True, slots=True)
class Message:
    topic: str
    partition: int
    offset: int
    timestamp: float
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]

    def to_json(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "partition": self.partition,
            "offset": self.offset,
            "timestamp": self.timestamp,
            "key": _text(self.key),
            "headers": {k: _text(v) for k, v in self.headers},
            "value": _value(self.value),
        }


def _text(data: bytes | None) -> str | None:
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return "base64:" + base64.b64encode(data).decode()


def _value(data: bytes | None) -> Any:
    if data is None:
        return None
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return _text(data)


def read_topic(
    settings: Settings,
    bootstrap_servers: str,
    topic: str,
    *,
    max_messages: int | None = None,
    timeout: float = 10.0,
    idle: float | None = None,
    until: Callable[[list[Message]], bool] | None = None,
) -> Iterator[Message]:
    """Messages from the start of ``topic``.

    Stops after ``max_messages``, when ``until(seen)`` is true, after ``idle`` seconds without a
    message (once at least one arrived), or at the overall ``timeout``.
    """
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap_servers.split(","),
        client_id="khabar-reader",
        enable_auto_commit=False,
        fetch_max_wait_ms=100,
        max_partition_fetch_bytes=max(settings.max_file_bytes * 2, 1_048_576),
        **settings.kafka_python_security(),
    )
    try:
        deadline = time.monotonic() + timeout
        partitions: set[int] | None = None
        while partitions is None and time.monotonic() < deadline:
            partitions = consumer.partitions_for_topic(topic)
            if partitions is None:
                time.sleep(0.1)
        if not partitions:
            return
        consumer.assign([TopicPartition(topic, p) for p in sorted(partitions)])
        consumer.seek_to_beginning()
        seen: list[Message] = []
        last_arrival = time.monotonic()
        while time.monotonic() < deadline:
            batch = consumer.poll(timeout_ms=200)
            for records in batch.values():
                for r in records:
                    message = Message(
                        r.topic, r.partition, r.offset, r.timestamp / 1000.0, r.key, r.value,
                        [(k, v) for k, v in (r.headers or [])],
                    )
                    seen.append(message)
                    last_arrival = time.monotonic()
                    yield message
                    if max_messages is not None and len(seen) >= max_messages:
                        return
            if until is not None and until(seen):
                return
            if idle is not None and seen and time.monotonic() - last_arrival > idle:
                return
    finally:
        consumer.close()


def read_partition(
    settings: Settings, bootstrap_servers: str, topic: str, partition: int, end: int,
    each: Callable[[bytes], object], *, timeout: float,
) -> int:
    """Hand ``each`` the values of one partition, in order, from its first retained offset up
    to ``end`` (exclusive): what a stateful agent folds to rebuild its state, one value at a
    time so a long partition never sits in memory whole. Returns how many values it read.
    Raises ``TimeoutError`` when ``end`` is not reached in ``timeout`` seconds, so state is
    never silently rebuilt short."""
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap_servers.split(","),
        client_id="khabar-replay",
        enable_auto_commit=False,
        fetch_max_wait_ms=100,
        auto_offset_reset="earliest",
        **settings.kafka_python_security(),
    )
    count = 0
    try:
        tp = TopicPartition(topic, partition)
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        deadline = time.monotonic() + timeout
        while consumer.position(tp) < end:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{topic}[{partition}]: reached offset {consumer.position(tp)} of {end} "
                    f"in {timeout} s"
                )
            for records in consumer.poll(timeout_ms=200).values():
                for r in records:
                    if r.offset < end:
                        each(r.value or b"")
                        count += 1
    finally:
        consumer.close()
    return count
