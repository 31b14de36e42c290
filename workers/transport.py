"""Faust's aiokafka transport with the consumer's fetch wait made configurable.

Faust hard-codes ``fetch_max_wait_ms=1500`` in its aiokafka driver. Tansu, and any broker under
light load, does not answer a waiting fetch early, so each of the four hops would add up to
1.5 s of latency; measured here, 100 ms took one hop from p50 379 ms to 31 ms. The transport is
registered under the URL scheme ``khabar://`` (entry point ``faust.transports``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from faust.transport.drivers import aiokafka as driver

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


class Transport(driver.Transport):
    Consumer: ClassVar[type[Consumer]] = Consumer
    # Our scheme is not kafka://, but the brokers behind it speak Kafka on Kafka's port.
    default_port = 9092
