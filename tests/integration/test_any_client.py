"""Any Kafka client: a librdkafka client (confluent-kafka-python) publishes raw files and reads
every article back, as a user of kcat or of the Go, .NET or Node clients would."""

from __future__ import annotations

import time
from collections import Counter

import orjson
import pytest

from tests.conftest import SEEDS, Pipeline, scaled, sha256, validator
from tests.integration.test_pipeline import ARTICLES_PER_SEED

pytestmark = [
    pytest.mark.integration,
    pytest.mark.brokers(
        "kafka",
        reason="librdkafka cannot talk to Tansu: its ApiVersionRequest fails with 'Local: Read "
               "underflow' (README, 'Which clients work with which broker')",
    ),
]


def test_a_librdkafka_client_publishes_raw_files_and_reads_every_article_back(
    pipeline: Pipeline,
) -> None:
    from confluent_kafka import Consumer, KafkaError, Producer

    pipeline.start_worker()
    failures: list[str] = []

    def delivered(error: KafkaError | None, _message: object) -> None:
        if error is not None:
            failures.append(str(error))

    producer = Producer({"bootstrap.servers": pipeline.servers, "acks": "all",
                         "enable.idempotence": True})
    keyless, keyed = SEEDS[0], SEEDS[1:]
    producer.produce(pipeline.topic("raw"), value=keyless.read_bytes(), on_delivery=delivered)
    for seed in keyed:
        data = seed.read_bytes()
        producer.produce(pipeline.topic("raw"), key=sha256(data).encode(), value=data,
                         on_delivery=delivered)
    assert producer.flush(60) == 0, "librdkafka still holds undelivered files after 60 s"
    assert failures == []

    expected = Counter({sha256(seed.read_bytes()): ARTICLES_PER_SEED[seed.name[:3]]
                        for seed in SEEDS})
    consumer = Consumer({
        "bootstrap.servers": pipeline.servers,
        "group.id": f"{pipeline.app_id}-librdkafka-reader",
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        "isolation.level": "read_committed",
    })
    consumer.subscribe([pipeline.topic("enriched")])
    records: dict[str, dict[str, object]] = {}
    deadline = time.monotonic() + scaled(len(SEEDS), 5)
    try:
        while len(records) < sum(expected.values()) and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None:
                continue
            assert message.error() is None, message.error()
            key, value = message.key(), message.value()
            assert key is not None and value is not None
            records[key.decode()] = orjson.loads(value)
    finally:
        consumer.close()

    assert Counter(r["file"]["sha256"] for r in records.values()) == expected  # type: ignore[index]
    for record in records.values():
        errors = [e.message for e in validator("enriched").iter_errors(record)]
        assert errors == [], errors
    names = {r["file"]["name"] for r in records.values()}  # type: ignore[index]
    assert names == {None}, "librdkafka sent no file-name header, so no record may claim one"
