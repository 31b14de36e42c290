"""The khabar transport's consumer refuses acknowledgements that would commit unprocessed input:
for a message fetched before the latest rebalance, and while the flow is stopped (a rebalance
or a shutdown under way). The consumer is the real one the workers run, not started."""

from __future__ import annotations

import faust
from faust.types.tuples import ConsumerMessage

from workers.transport import Consumer


def message(generation: int, offset: int) -> ConsumerMessage:
    return ConsumerMessage(
        topic="raw", partition=0, offset=offset, timestamp=0.0, timestamp_type=0, headers=[],
        key=b"k", value=b"v", checksum=None, generation_id=generation,
    )


def consumer() -> Consumer:
    app = faust.App("khabar-transport-test", broker="khabar://127.0.0.1:9", web_enabled=False)
    app.consumer_generation_id = 3
    # What the conductor records once an agent subscribes to the topic with acks enabled.
    app.topics._acking_topics.add("raw")
    built = app.consumer
    assert isinstance(built, Consumer)
    return built


def offsets_acked(c: Consumer) -> list[int]:
    return [offset for offsets in c._acked.values() for offset in offsets]


def test_a_message_of_the_current_generation_is_acknowledged() -> None:
    c = consumer()
    assert c.ack(message(3, 6))
    assert offsets_acked(c) == [6]


def test_a_message_fetched_before_the_rebalance_is_not() -> None:
    c = consumer()
    assert not c.ack(message(2, 5))
    assert offsets_acked(c) == []


def test_nothing_is_acknowledged_while_the_flow_is_stopped() -> None:
    c = consumer()
    c.stop_flow()
    assert not c.ack(message(3, 7))
    c.resume_flow()
    assert c.ack(message(3, 8))
    assert offsets_acked(c) == [8]
