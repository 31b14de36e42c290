"""khabar's topics: their configuration, creating them, and checking the routed ones.

Used against every broker alike: a production cluster, or a local one from ``workers.brokers``.
"""

from __future__ import annotations

import time

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

from workers.settings import Settings

DAY_MS = 24 * 3600 * 1000
DLQ_RETENTION_MS = 30 * DAY_MS


def topic_configs(settings: Settings, suffix: str) -> dict[str, str]:
    """Per-topic configuration. Every topic takes messages up to
    :attr:`Settings.max_message_bytes` (Kafka's default limit, 1 MiB, would refuse raw files
    that khabar accepts). The enriched and clusters topics are the latest record per
    article id (compacted); the dead-letter topic keeps failures long enough for someone to
    look at them after a holiday, and the replay marks as long; the internal cluster topics
    are the cluster agents' state (replayed to rebuild it), so they keep the cluster window
    plus a day."""
    return {"max.message.bytes": str(settings.max_message_bytes)} | _retention(settings, suffix)


def _retention(settings: Settings, suffix: str) -> dict[str, str]:
    if suffix in ("enriched", "clusters"):
        return {"cleanup.policy": "compact"}
    if suffix == "dlq":
        return {"retention.ms": str(DLQ_RETENTION_MS)}
    if suffix == "dlq-replayed":
        # One mark per dead letter, kept as long as the letters are.
        return {"cleanup.policy": "compact,delete", "retention.ms": str(DLQ_RETENTION_MS)}
    if suffix.startswith("cluster-"):
        return {"retention.ms": str(settings.cluster_window_ms + DAY_MS)}
    return {}


def create_topics(settings: Settings, bootstrap_servers: str | None = None) -> list[str]:
    """Create every khabar topic that does not exist yet; returns the names it created."""
    servers = bootstrap_servers or settings.bootstrap_servers
    if not servers:
        raise ValueError("no bootstrap servers to create topics on")
    admin = KafkaAdminClient(
        bootstrap_servers=servers, client_id="khabar-admin", **settings.kafka_python_security()
    )
    created: list[str] = []
    try:
        existing = set(admin.list_topics())
        for suffix, name in settings.topics.items():
            if name in existing:
                continue
            topic = NewTopic(
                name,
                num_partitions=settings.partitions,
                replication_factor=settings.replication_factor,
                topic_configs=topic_configs(settings, suffix),
            )
            try:
                admin.create_topics([topic])
            except TopicAlreadyExistsError:  # another worker won the race
                continue
            created.append(name)
    finally:
        admin.close()
    return created


# Topics whose messages the cluster agents route to a partition themselves (CRC-32 of the key
# modulo KHABAR_PARTITIONS): their partition count must be exactly that.
ROUTED_TOPICS = ("cluster-bands", "cluster-nodes")


def check_routed_partitions(settings: Settings, bootstrap_servers: str,
                            timeout: float = 30.0) -> None:
    """Refuse to start when an internal cluster topic has another partition count than
    ``KHABAR_PARTITIONS``: messages would go to missing partitions, or buckets would move.

    A topic created a moment ago (the worker creates missing topics just before this check)
    can still describe without partitions on a busy broker; it is asked again for up to
    ``timeout`` seconds before that counts as an answer."""
    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap_servers, client_id="khabar-admin",
        **settings.kafka_python_security(),
    )
    names = [settings.topic(suffix) for suffix in ROUTED_TOPICS]
    deadline = time.monotonic() + timeout
    try:
        while True:
            counts = {
                str(description.get("topic") or description.get("name")):
                    len(description.get("partitions") or [])
                for description in admin.describe_topics(names)
            }
            if all(counts.get(name) for name in names) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        for name in names:
            count = counts.get(name, 0)
            if not count:
                raise RuntimeError(f"topic {name} has no partitions {timeout:.0f} s after it "
                                   f"was created: is the broker overloaded or refusing it?")
            if count != settings.partitions:
                raise RuntimeError(
                    f"topic {name} has {count} partitions but "
                    f"KHABAR_PARTITIONS is {settings.partitions}: the cluster agents route by "
                    f"that number; set KHABAR_PARTITIONS={count} (or recreate the topic empty)"
                )
    finally:
        admin.close()
