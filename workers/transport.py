"""Faust's aiokafka transport with two changes, registered under the URL scheme ``khabar://``
(entry point ``faust.transports``):

- the consumer's fetch wait is configurable. Faust hard-codes ``fetch_max_wait_ms=1500`` in its
  aiokafka driver. Tansu, and any broker under light load, does not answer a waiting fetch
  early, so each of the four hops would add up to 1.5 s of latency; measured here, 100 ms took
  one hop from p50 379 ms to 31 ms;
- the consumer accepts an acknowledgement only for a message of the current consumer
  generation while the flow runs (``Consumer.ack``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from faust.transport.drivers import aiokafka as driver
from faust.types import Message

FETCH_MAX_WAIT_MS = 100


class ConsumerThread(driver.AIOKafkaConsumerThread):
    fetch_max_wait_ms: ClassVar[int] = FETCH_MAX_WAIT_MS

    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        # aiokafka reads this attribute when start() builds its fetcher, which happens later.
        consumer._fetch_max_wait_ms = self.fetch_max_wait_ms
        return consumer


class Consumer(driver.Consumer):
    def _new_consumer_thread(self) -> ConsumerThread:
        return ConsumerThread(self, loop=self.loop, beacon=self.beacon)

    def ack(self, message: Message) -> bool:
        """Mark ``message`` safe to commit, unless it was fetched before the latest rebalance or
        the flow is stopped (a rebalance or shutdown under way).

        A Faust stream that meets a message it must skip (fetched in an earlier generation, or
        arriving while the flow is stopped) acknowledges it as if processed, and the next
        commit, the one at shutdown included, moves past an input whose output was never made.
        Refusing those acknowledgements costs nothing but a repeat: after a rebalance the
        partition is read again from its committed offset. A message processed in the old
        generation is refused too and processed again (the stages are deterministic, so the
        repeat is byte-identical).
        """
        if not self.flow_active or message.generation_id != self.app.consumer_generation_id:
            return False
        return bool(super().ack(message))


class Transport(driver.Transport):
    Consumer: ClassVar[type[Consumer]] = Consumer
    # Our scheme is not kafka://, but the brokers behind it speak Kafka on Kafka's port.
    default_port = 9092
