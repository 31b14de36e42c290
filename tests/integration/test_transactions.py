"""Under exactly-once, a commit leaves no output behind in an open transaction once the offset
of the message that made it is committed (``workers.transport.Producer``), on a real Kafka
broker with the producer the workers run."""

from __future__ import annotations

import asyncio
import uuid

import aiokafka
import faust
import pytest
from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition
from kafka.admin import NewTopic

from tests.conftest import scaled
from workers.consume import read_topic
from workers.settings import Settings
from workers.transport import Producer

pytestmark = pytest.mark.integration


async def commit_an_output_written_elsewhere(servers: str, app_id: str, source: str,
                                             target: str) -> None:
    """What a worker does with a message read from ``source`` partition 1 whose output goes to
    ``target`` partition 3: Faust puts the output in the transaction of partition 3 and the
    offset in that of partition 1, and only the latter has an offset to commit."""
    app = faust.App(app_id, broker=f"khabar://{servers}", processing_guarantee="exactly_once",
                    web_enabled=False)
    producer = app.producer
    assert isinstance(producer, Producer)
    await producer.start()
    try:
        read_from, written_to = f"{app_id}-0-1", f"{app_id}-0-3"
        for transactional_id in (read_from, written_to):
            await producer.begin_transaction(transactional_id)
        delivery = await producer.send(target, b"article", b"output", 3, None, None,
                                       transactional_id=written_to)
        await delivery
        offsets = {aiokafka.TopicPartition(source, 1): 6}  # as Faust's consumer hands them on
        await producer.commit_transactions({read_from: offsets}, app_id)
    finally:
        await producer.stop()
        for transactional_id in list(producer._transaction_producers):
            await producer.stop_transaction(transactional_id)


@pytest.mark.brokers("kafka", reason="transactions: Tansu has none")
@pytest.mark.timeout(300)
def test_an_output_is_committed_with_the_offset_of_its_input(broker) -> None:  # type: ignore[no-untyped-def]
    servers = broker.bootstrap_servers
    name = uuid.uuid4().hex[:8]
    app_id, source, target = f"khabar-txn-{name}", f"txn-{name}.in", f"txn-{name}.out"
    admin = KafkaAdminClient(bootstrap_servers=servers)
    try:
        admin.create_topics([NewTopic(topic, 4, 1) for topic in (source, target)])
    finally:
        admin.close()

    asyncio.run(commit_an_output_written_elsewhere(servers, app_id, source, target))

    reader = KafkaConsumer(bootstrap_servers=servers, group_id=app_id,
                           enable_auto_commit=False, isolation_level="read_committed")
    try:
        assert reader.committed(TopicPartition(source, 1)) == 6
    finally:
        reader.close()
    # Faust's own commit leaves this output in an open transaction: invisible to a
    # read_committed reader, and lost if the worker dies before partition 3 commits.
    out = read_topic(Settings(bootstrap_servers=servers), servers, target, max_messages=1,
                     timeout=scaled(1, 0))
    assert [(m.partition, m.value) for m in out] == [(3, b"output")]
