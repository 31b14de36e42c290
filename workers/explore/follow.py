"""Following the topics the explorer shows, into its store.

A thread with its own kafka-python consumer (no consumer group: partitions are assigned
directly, as ``khabar consume`` does, so the workers' offsets are never touched) reads
khabar.enriched, khabar.clusters and the dead-letter topic with ``read_committed`` and keeps
following them. It starts each partition at the offset the store recorded (the beginning for a
new database) and stores every poll in one transaction with the offsets after it. A topic that
does not exist yet is looked for again every few seconds.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from kafka import KafkaConsumer, TopicPartition

from workers.consume import Message, message_of, reader
from workers.explore.store import FOLLOWED, Store
from workers.settings import Settings

log = logging.getLogger(__name__)

LOOK_FOR_TOPICS_SECONDS = 5.0
RETRY_SECONDS = 5.0


@dataclass
class FollowStatus:
    """What the pages say about the follower: records stored, records refused, last error."""

    stored: int = 0
    refused: int = 0
    last_error: str | None = None
    caught_up: bool = False
    partitions: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Follower:
    """Reads the followed topics into ``store`` until :meth:`stop`."""

    def __init__(self, settings: Settings, bootstrap_servers: str, store: Store) -> None:
        self.settings = settings
        self.servers = bootstrap_servers
        self.store = store
        self.kinds = {settings.topic(kind): kind for kind in FOLLOWED}
        self.status = FollowStatus()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="khabar-explore-follow",
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        """Follow until stopped; when the broker cannot be reached (or anything else goes
        wrong), say so on the pages and start again from the stored offsets a little later."""
        while not self._stop.is_set():
            try:
                consumer = reader(self.settings, self.servers, client_id="khabar-explore")
                try:
                    self._follow(consumer)
                finally:
                    consumer.close()
            except Exception as exc:  # the pages show it; the server keeps serving
                log.exception("the explorer stopped following the topics; retrying in %.0f s",
                              RETRY_SECONDS)
                with self.status.lock:
                    self.status.last_error = f"not following the topics: {exc!r}"
                    self.status.caught_up = False
                self._stop.wait(RETRY_SECONDS)

    def _follow(self, consumer: KafkaConsumer) -> None:
        assigned: set[TopicPartition] = set()
        looked = 0.0
        while not self._stop.is_set():
            if time.monotonic() - looked > LOOK_FOR_TOPICS_SECONDS:
                looked = time.monotonic()
                found = self._partitions(consumer)
                if found - assigned:
                    self._assign(consumer, found)
                    assigned = found
            if not assigned:
                self._stop.wait(0.5)
                continue
            polled = consumer.poll(timeout_ms=500, max_records=500)
            if polled:
                self._store(consumer, polled)
            elif not self.status.caught_up:
                with self.status.lock:
                    self.status.caught_up = True
                    self.status.last_error = None

    def _partitions(self, consumer: KafkaConsumer) -> set[TopicPartition]:
        found = set()
        for topic in self.kinds:
            for partition in consumer.partitions_for_topic(topic) or ():
                found.add(TopicPartition(topic, partition))
        return found

    def _assign(self, consumer: KafkaConsumer, partitions: set[TopicPartition]) -> None:
        offsets = self.store.offsets()
        ordered = sorted(partitions)
        consumer.assign(ordered)
        for tp in ordered:
            start = offsets.get((tp.topic, tp.partition))
            if start is None:
                consumer.seek_to_beginning(tp)
            else:
                consumer.seek(tp, start)
        with self.status.lock:
            self.status.partitions = len(ordered)

    def _store(self, consumer: KafkaConsumer, polled: dict[TopicPartition, list[object]]
               ) -> None:
        stored = refused = 0
        error = None
        with self.store.batch():
            for tp, records in sorted(polled.items()):
                kind = self.kinds[tp.topic]
                for item in records:
                    message: Message = message_of(item)
                    try:
                        with self.store.savepoint():
                            self.store.apply(kind, message)
                        stored += 1
                    except Exception as exc:  # noqa: BLE001 - one bad record never stops it
                        refused += 1
                        error = (f"{tp.topic}[{tp.partition}]@{message.offset}: "
                                 f"{type(exc).__name__}: {str(exc)[:300]}")
                        log.warning("explorer: record not stored: %s", error)
                self.store.set_offset(tp.topic, tp.partition, consumer.position(tp))
        with self.status.lock:
            self.status.stored += stored
            self.status.refused += refused
            if error is not None:
                self.status.last_error = error
