"""Reading a topic from the beginning with kafka-python, for ``khabar consume``, the demo and tests.

No consumer group: partitions are assigned directly, so reading never disturbs the workers'
committed offsets. ``end_offsets`` (ListOffsets) is never used: the embedded broker reports it
wrongly after batched produces. :func:`read_topic` follows a topic that is still being written
and stops on a condition or on silence; :func:`read_to_end` reads everything a topic held when
reading started, up to the high watermark each partition's first fetch reports.
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from kafka import KafkaConsumer, TopicPartition

from workers.settings import Settings

log = logging.getLogger(__name__)
# A replay still short of its end after this long says where it stands, so a stalled one shows
# in the worker's log (which partition, which offset) long before its timeout.
REPLAY_REPORT_SECONDS = 30.0


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
    consumer = reader(settings, bootstrap_servers)
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
                    message = message_of(r)
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


def reader(settings: Settings, bootstrap_servers: str, client_id: str = "khabar-reader"
           ) -> KafkaConsumer:
    """A consumer outside any group, for partitions assigned by hand."""
    return KafkaConsumer(
        bootstrap_servers=bootstrap_servers.split(","),
        client_id=client_id,
        enable_auto_commit=False,
        fetch_max_wait_ms=100,
        max_partition_fetch_bytes=settings.max_message_bytes,
        # Records of an aborted transaction (exactly-once workers that crashed) are not output.
        isolation_level="read_committed",
        **settings.kafka_python_security(),
    )


def message_of(record: Any) -> Message:
    """A kafka-python record as a :class:`Message` (timestamp in seconds)."""
    return Message(
        record.topic, record.partition, record.offset, record.timestamp / 1000.0, record.key,
        record.value, [(k, v) for k, v in (record.headers or [])],
    )


class IncompleteRead(RuntimeError):
    """The end of a topic was not reached: the broker stopped answering for too long."""


def read_to_end(
    settings: Settings,
    bootstrap_servers: str,
    topic: str,
    *,
    stall_timeout: float = 60.0,
    on_progress: Callable[[int, int], None] | None = None,
) -> Iterator[Message]:
    """Every message ``topic`` held when reading started, partition by partition in order.

    The end of each partition is the high watermark its first fetch reports, so messages
    written meanwhile (a replay's own failures coming back to the dead-letter topic) do not
    keep the read going. ``on_progress(read, total)`` is called about once a second and at the
    end. Raises :class:`IncompleteRead` when ``stall_timeout`` seconds pass without a message
    before every partition reached its end: a long topic is never cut silently.
    """
    consumer = reader(settings, bootstrap_servers)
    try:
        partitions = _partitions(consumer, topic, stall_timeout)
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        consumer.seek_to_beginning()
        start = {tp: consumer.position(tp) for tp in tps}
        end: dict[TopicPartition, int] = {}
        read = 0
        last_message = last_report = time.monotonic()

        def total() -> int:
            return sum(end[tp] - start[tp] for tp in end)

        while len(end) < len(tps) or any(consumer.position(tp) < end[tp] for tp in tps):
            for tp, records in consumer.poll(timeout_ms=200).items():
                for r in records:
                    if r.offset < end.get(tp, r.offset + 1):
                        read += 1
                        yield message_of(r)
                last_message = time.monotonic()
            for tp in tps:
                mark = consumer.highwater(tp)
                if tp not in end and mark is not None:
                    end[tp] = max(mark, start[tp])
            now = time.monotonic()
            if on_progress is not None and now - last_report >= 1.0:
                on_progress(read, total())
                last_report = now
            if now - last_message > stall_timeout:
                behind = {tp.partition: (consumer.position(tp), end.get(tp)) for tp in tps}
                raise IncompleteRead(
                    f"{topic}: read {read} messages, then nothing for {stall_timeout:.0f} s "
                    f"before the end (partition: (position, end)) {behind}"
                )
        if on_progress is not None:
            on_progress(read, total())
    finally:
        consumer.close()


def _partitions(consumer: KafkaConsumer, topic: str, timeout: float) -> set[int]:
    deadline = time.monotonic() + timeout
    while True:
        partitions = consumer.partitions_for_topic(topic)
        if partitions:
            return set(partitions)
        if time.monotonic() > deadline:
            raise IncompleteRead(f"{topic}: no such topic after {timeout} s")
        time.sleep(0.1)


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
        isolation_level="read_committed",  # state from committed transactions only
        **settings.kafka_python_security(),
    )
    count = 0
    try:
        tp = TopicPartition(topic, partition)
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        started = time.monotonic()
        deadline = started + timeout
        report = started + REPLAY_REPORT_SECONDS
        while consumer.position(tp) < end:
            now = time.monotonic()
            if now > deadline:
                raise TimeoutError(
                    f"{topic}[{partition}]: reached offset {consumer.position(tp)} of {end} "
                    f"in {timeout} s"
                )
            if now > report:
                log.warning("%s[%d]: replay at offset %d of %d after %.0f s, %d values read",
                            topic, partition, consumer.position(tp), end, now - started, count)
                report = now + REPLAY_REPORT_SECONDS
            for records in consumer.poll(timeout_ms=200).values():
                for r in records:
                    if r.offset < end:
                        each(r.value or b"")
                        count += 1
    finally:
        consumer.close()
    return count
