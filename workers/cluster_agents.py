"""The three story-cluster agents: Faust wiring around ``workers.stages.cluster``.

    khabar.enriched ──route──► khabar.cluster-bands (by band) ──link──► khabar.cluster-nodes
    khabar.cluster-nodes (by article id) ──merge──► khabar.cluster-nodes + khabar.clusters

Each agent takes the messages already waiting (up to ``KHABAR_BATCH_SIZE``) and sends what they
cause as one message per target partition (``wire.by_partition``), and each article's latest
cluster record once per batch: a few messages per batch instead of several per article.

Route is stateless. Link and merge keep state per input partition (band buckets, cluster
nodes), and that state is a pure function of the partition's messages in order. So no Faust
table is needed: when an agent meets a partition it holds no state for (a new assignment, a
restart after kill -9), it reads the partition back from its beginning up to the offset of the
message in hand and folds it silently, then goes on. Messages before that offset were
processed and their output sent before their offset was committed (Faust flushes the producer
first); the message in hand and those after it are processed as new. The internal topics
keep the cluster window plus a day, which bounds the replay. State is dropped for partitions
the worker loses in a rebalance, and rebuilt the same way by whoever gets them; a message whose
offset is not the one after the last message folded (another worker had the partition in
between) also triggers a rebuild; under exactly-once only an offset behind it does, since
transaction markers and skipped aborted messages leave gaps in the offsets.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from faust.types import TP, StreamT

from workers.agents import Delivery, Glue, WaitingBatches
from workers.consume import read_partition
from workers.dead_letters import normalize_headers
from workers.errors import RecordInvalid
from workers.stages.cluster.bands import BandIndex
from workers.stages.cluster.nodes import NodeIndex
from workers.stages.cluster.record import ClusterRecord
from workers.stages.cluster.wire import (
    BandEntry,
    NodeItem,
    by_partition,
    decode_bands,
    decode_nodes,
    encode_bands,
    encode_nodes,
    member_of_article,
    route,
)

log = logging.getLogger(__name__)

S = TypeVar("S")
# The topics the cluster agents read (route, link, merge).
CLUSTER_INPUTS = ("enriched", "cluster-bands", "cluster-nodes")
# Generous: a replay reads at most the cluster window of one partition of a small topic.
REPLAY_TIMEOUT_SECONDS = 600.0


@dataclass
class PartitionStates(Generic[S]):
    """State per partition of one input topic, rebuilt by replay when missing (see above)."""

    glue: Glue
    bootstrap_servers: str
    suffix: str
    factory: Callable[[], S]
    fold: Callable[[S, bytes], object]
    states: dict[int, S] = field(default_factory=dict)
    next_offset: dict[int, int] = field(default_factory=dict)
    # Bumped when a partition is revoked, so a replay that was under way then is not kept.
    generation: dict[int, int] = field(default_factory=dict)

    async def at(self, partition: int, offset: int) -> S:
        state = self.states.get(partition)
        expected = self.next_offset.get(partition)
        if state is not None and expected is not None and (
            offset == expected or (offset > expected and self._transactional)
        ):
            return state
        generation = self.generation.get(partition, 0)
        state = self.factory()
        if offset > 0:
            state = await self._replay(partition, offset, state)
        else:  # logged too, so the log shows where every partition's state began
            log.info("%s[%d]: cluster state starts empty at offset 0",
                     self.glue.settings.topic(self.suffix), partition)
        if self.generation.get(partition, 0) == generation:
            self.states[partition] = state
        return state

    async def _replay(self, partition: int, offset: int, state: S) -> S:
        settings = self.glue.settings
        servers = self.bootstrap_servers
        topic = settings.topic(self.suffix)
        started = time.perf_counter()
        log.info("%s[%d]: rebuilding cluster state up to offset %d", topic, partition, offset)

        def fold(value: bytes) -> None:
            # In the reading thread: the state is nobody else's until this replay returns. A
            # value that does not decode was dead-lettered when it was first processed.
            with contextlib.suppress(ValueError):
                self.fold(state, value)

        count = await asyncio.get_running_loop().run_in_executor(
            None,
            lambda: read_partition(
                settings, servers, topic, partition, offset, fold,
                timeout=REPLAY_TIMEOUT_SECONDS,
            ),
        )
        self.glue.metrics.cluster_replayed.labels(self.suffix).inc(count)
        log.info(
            "%s[%d]: cluster state rebuilt from %d messages in %.2f s",
            topic, partition, count, time.perf_counter() - started,
        )
        return state

    @property
    def _transactional(self) -> bool:
        """Under exactly-once, offsets of consecutive messages have gaps: each transaction's
        commit marker takes an offset, and read_committed skips aborted messages (a killed
        worker's). A gap is then no sign that another worker held the partition in between:
        that worker got it in a rebalance, which revoked it here first (``forget``). Without
        the allowance every batch rebuilt its state from the topic (seen in the kill -9 test:
        275 replays of up to 300 messages each, and the clusters fell behind)."""
        return self.glue.settings.processing_guarantee == "exactly_once"

    def done(self, partition: int, offset: int) -> None:
        if partition in self.states:
            self.next_offset[partition] = offset + 1

    def forget(self, partition: int) -> None:
        self.states.pop(partition, None)
        self.next_offset.pop(partition, None)
        self.generation[partition] = self.generation.get(partition, 0) + 1


def _fold_bands(index: BandIndex, value: bytes) -> None:
    for key, member in decode_bands(value):
        index.add(key, member)


def _fold_nodes(index: NodeIndex, value: bytes) -> None:
    for node_id, members in decode_nodes(value):
        index.receive(node_id, members)


@dataclass
class BatchOutput:
    """What one batch of messages causes: band entries and node items to route, and the
    latest cluster record of each article it changed."""

    bands: list[BandEntry] = field(default_factory=list)
    nodes: list[NodeItem] = field(default_factory=list)
    records: dict[str, ClusterRecord] = field(default_factory=dict)


class ClusterAgents:
    """The route, link and merge agents over one ``Glue``."""

    def __init__(self, glue: Glue, bootstrap_servers: str) -> None:
        self.glue = glue
        self.largest = 0
        self.partitions = glue.settings.partitions
        window = glue.settings.cluster_window_ms
        self.bands: PartitionStates[BandIndex] = PartitionStates(
            glue, bootstrap_servers, "cluster-bands", lambda: BandIndex(window), _fold_bands
        )
        self.nodes: PartitionStates[NodeIndex] = PartitionStates(
            glue, bootstrap_servers, "cluster-nodes", lambda: NodeIndex(window), _fold_nodes
        )

    def update_gauges(self) -> None:
        """State sizes, for the metrics timer (a sum over every bucket: not per message)."""
        state = self.glue.metrics.cluster_state
        state.labels("bands").set(sum(s.size() for s in self.bands.states.values()))
        state.labels("nodes").set(sum(len(s.nodes) for s in self.nodes.states.values()))

    def forget(self, revoked: set[TP]) -> None:
        for tp in revoked:
            for states in (self.bands, self.nodes):
                if tp.topic == self.glue.settings.topic(states.suffix):
                    states.forget(tp.partition)

    # --- per message: decode, update state, add to the batch's output; raising = dead letter ---

    async def route(self, message: Any, out: BatchOutput) -> None:
        try:
            member = member_of_article(message.value or b"")
        except ValueError as exc:
            raise RecordInvalid(f"not an article record: {exc}") from exc
        node, entries = route(member)
        out.nodes.append(node)
        out.bands.extend(entries)

    async def link(self, message: Any, out: BatchOutput) -> None:
        index = await self.bands.at(message.partition, message.offset)
        try:
            entries = decode_bands(message.value or b"")
        except ValueError as exc:
            raise RecordInvalid(f"not a band message: {exc}") from exc
        for key, member in entries:
            out.nodes.extend((m.article_id, link) for link in index.add(key, member) for m in link)

    async def merge(self, message: Any, out: BatchOutput) -> None:
        index = await self.nodes.at(message.partition, message.offset)
        try:
            items = decode_nodes(message.value or b"")
        except ValueError as exc:
            raise RecordInvalid(f"not a cluster-node message: {exc}") from exc
        metrics = self.glue.metrics
        for node_id, members in items:
            effects = index.receive(node_id, members)
            out.nodes.extend(effects.messages)
            if effects.record is not None:
                out.records[node_id] = effects.record
                size = effects.record.cluster.size if effects.record.cluster else 0
                if size > self.largest:
                    self.largest = size
                    metrics.cluster_largest.set(size)
            if effects.formed:
                metrics.clusters_formed.inc()
            if effects.merged:
                metrics.clusters_merged.inc()

    async def send(self, out: BatchOutput) -> list[Delivery]:
        """One message per target partition and topic, then the records; returns their
        delivery reports."""
        topics, partitions = self.glue.topics, self.partitions
        sent: list[Delivery] = []
        for partition, entries in by_partition(out.bands, lambda e: e[0], partitions).items():
            sent.append(await topics.cluster_bands.send(
                key=entries[0][0].encode(), value=encode_bands(entries), partition=partition
            ))
        for partition, items in by_partition(out.nodes, lambda i: i[0], partitions).items():
            sent.append(await topics.cluster_nodes.send(
                key=items[0][0].encode(), value=encode_nodes(items), partition=partition
            ))
        for key, record in out.records.items():
            sent.append(await topics.clusters.send(key=key.encode(), value=record.dumps()))
        return sent

    async def run(
        self, stage: str, stream: StreamT[bytes], handle: Callable[[Any, BatchOutput], Any],
        states: PartitionStates[Any] | None,
    ) -> None:
        """Batches of waiting messages, on the event loop (the work is small next to a send).
        A message that fails becomes a dead letter and adds nothing to the batch's output; the
        batch's messages are acknowledged once the broker has its output."""
        glue = self.glue
        messages_in = glue.metrics.messages_in.labels(stage)
        records_out = glue.metrics.records_out.labels(stage)
        seconds = glue.metrics.processing_seconds.labels(stage)
        batches = WaitingBatches(glue.app, stream, glue.settings.batch_size)
        async for events in batches:
            out = BatchOutput()
            deliveries: list[Delivery] = []
            for event in events:
                message = event.message
                messages_in.inc()
                glue.progress.begin(message.topic, message.partition, message.timestamp)
                started = time.perf_counter()
                try:
                    await handle(message, out)
                except Exception as exc:  # noqa: BLE001 - every failure becomes a dead letter
                    deliveries.append(await glue.dead_letter(
                        stage, message, normalize_headers(message.headers), exc
                    ))
                finally:
                    seconds.observe(time.perf_counter() - started)
                    if states is not None:
                        states.done(message.partition, message.offset)
            sent = await self.send(out)
            records_out.inc(len(sent))
            for event in events:
                message = event.message
                glue.progress.finished(message.topic, message.partition, message.offset)
            await batches.ack_delivered(events, deliveries + sent)


def register_cluster_agents(glue: Glue, bootstrap_servers: str) -> ClusterAgents:
    app, topics = glue.app, glue.topics
    agents = ClusterAgents(glue, bootstrap_servers)

    @app.on_partitions_revoked.connect  # type: ignore[arg-type]
    async def on_revoked(sender: Any, revoked: set[TP], **kwargs: Any) -> None:
        agents.forget(revoked)

    @app.agent(topics.enriched, name="cluster_route")
    async def route_agent(stream: StreamT[bytes]) -> None:
        await agents.run("cluster_route", stream, agents.route, None)

    @app.agent(topics.cluster_bands, name="cluster_link")
    async def link_agent(stream: StreamT[bytes]) -> None:
        await agents.run("cluster_link", stream, agents.link, agents.bands)

    @app.agent(topics.cluster_nodes, name="cluster_merge")
    async def merge_agent(stream: StreamT[bytes]) -> None:
        await agents.run("cluster_merge", stream, agents.merge, agents.nodes)

    return agents
