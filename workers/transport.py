"""Faust's aiokafka transport with three changes, registered under the URL scheme ``khabar://``
(entry point ``faust.transports``):

- the consumer's fetch wait is configurable. Faust hard-codes ``fetch_max_wait_ms=1500`` in its
  aiokafka driver. Tansu, and any broker under light load, does not answer a waiting fetch
  early, so each of the four hops would add up to 1.5 s of latency; measured here, 100 ms took
  one hop from p50 379 ms to 31 ms;
- the consumer accepts an acknowledgement only for a message of the current consumer
  generation while the flow runs (``Consumer.ack``);
- under exactly-once, a commit first commits every open transaction's outputs, then the offsets
  (``Producer.commit_transactions``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from faust.transport.drivers import aiokafka as driver
from faust.types import TP, Message

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


class Producer(driver.Producer):
    async def commit_transactions(
        self,
        tid_to_offset_map: Mapping[str, Mapping[TP, int]],
        group_id: str,
        start_new_transaction: bool = True,
    ) -> None:
        """Commit the outputs of every open transaction, then the consumed offsets.

        Faust keeps one transaction per partition number and puts each output in the
        transaction of the partition it is *written to*, each consumed offset in that of the
        partition it was *read from*, and commits only the transactions that hold offsets, one
        after another. khabar's outputs go to other partitions than their inputs (an article to
        its id's partition, a cluster message to its band's), so the output of a message read
        from partition 1 and written to partition 3 sat in transaction 3 while transaction 1
        committed the message's offset: a crash between the two, or transaction 3 holding no
        offset of its own that round, lost the output for good (a clean-clone run of the kill
        -9 test under exactly-once ended with 49 articles that never got a cluster record).
        Every output of a message whose offset is about to be committed was sent before that
        message was acknowledged, so once all open transactions are committed, none is left
        behind; a crash between the two steps repeats outputs, as at-least-once does, and
        loses none.
        """
        for transactional_id in sorted(self._transaction_producers):
            await self._commit_outputs(
                transactional_id, start_new_transaction or transactional_id in tid_to_offset_map,
            )
        await super().commit_transactions(tid_to_offset_map, group_id, start_new_transaction)

    async def _commit_outputs(self, transactional_id: str, begin_next: bool) -> None:
        lock = self._trn_locks.get(transactional_id)
        if lock is None:
            return
        async with lock:
            producer = self._transaction_producers.get(transactional_id)
            # aiokafka has no public test for "in a transaction"; a producer whose transaction
            # failed to begin (Faust logs it) has nothing to commit.
            manager = getattr(producer, "_txn_manager", None)
            if producer is None or manager is None or not manager.is_in_transaction():
                return
            await producer.commit_transaction()  # a transaction that sent nothing ends locally
            if begin_next:
                await producer.begin_transaction()


class Transport(driver.Transport):
    Consumer: ClassVar[type[Consumer]] = Consumer
    Producer: ClassVar[type[Producer]] = Producer
    # Our scheme is not kafka://, but the brokers behind it speak Kafka on Kafka's port.
    default_port = 9092
