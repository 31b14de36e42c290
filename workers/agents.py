"""The stage agents, one per row of the chain table (``workers.stages.chain``): each iterates
its topic, calls a pure stage, sends, counts.

(The story-cluster agents, which keep state, are in ``workers.cluster_agents``.)

Every message either yields records on the next topic or one dead letter; the agent never
raises out of its loop, so one bad message can neither crash nor stall the worker. Offsets are
acknowledged once the broker has taken every record sent for it, and Faust commits acknowledged
offsets, which gives at-least-once delivery; the stages are deterministic, so a redelivered
message produces byte-identical records with the same keys.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import faust
from faust.types import ChannelT, EventT, StreamT

from workers import record
from workers.dead_letters import Headers, Origin, dead_letter_headers, normalize_headers
from workers.errors import DeliveryFailed, RecordInvalid, reason_of
from workers.headers import FILE_NAME_HEADER, header_text, stage_seconds_header
from workers.health import Progress
from workers.metrics import Metrics, language_label
from workers.record import Article, RawFile
from workers.record_compat import Decoded, decode, encode
from workers.runner import Handler, StageRunner
from workers.settings import Settings
from workers.stages.chain import ARTICLE_STAGES, SPLIT, ArticleStage, Stage
from workers.stages.limits import Limits
from workers.stages.pipeline import stamp_pipeline
from workers.stages.split import split_file

log = logging.getLogger(__name__)

Output = list[tuple[bytes, bytes]]
# What ``topic.send`` returns: the record's delivery report, resolved once the broker has the
# record (or failed when it refused it or the producer gave up).
Delivery = Awaitable[Any]


class WaitingBatches:
    """The events of a stream in batches of what is already waiting, at most ``limit`` at a
    time: under load a batch holds many messages, and a lone message never waits for company.

    Acknowledgements are manual (``ack_delivered``), once the broker has every record sent for
    the events (their output or their dead letter): a worker stopped or rebalanced in the
    middle of a batch commits none of the unfinished messages, and they are delivered again.
    (Faust's ``take_events`` acknowledges a whole buffered batch when its generator is closed,
    processed or not.)
    """

    def __init__(self, app: faust.App, stream: StreamT[bytes], limit: int) -> None:
        self.app = app
        self.manual: StreamT[bytes] = stream.noack()  # type: ignore[attr-defined]  # no stubs
        channel: Any = self.manual.channel  # a topic's channel (typed as any async iterator)
        self.queue = channel.queue if isinstance(channel, ChannelT) else None
        self.limit = limit

    async def __aiter__(self) -> AsyncIterator[list[EventT[bytes]]]:
        batch: list[EventT[bytes]] = []
        event: EventT[bytes]
        async for event in self.manual.events():
            batch.append(event)
            if len(batch) < self.limit and self.queue is not None and not self.queue.empty():
                continue
            events, batch = batch, []
            yield events

    async def ack_delivered(
        self, events: list[EventT[bytes]], deliveries: list[Delivery]
    ) -> None:
        """Acknowledge ``events`` once the broker has taken every record in ``deliveries``.

        ``topic.send`` returns when the record is queued in the producer. A record the broker
        refuses, or one the producer gives up on, fails only its delivery report, and Faust
        commits acknowledged offsets after a producer flush that does not read those reports:
        acknowledging on ``send`` alone would commit past an input whose output was lost.
        Waiting for the whole batch's reports at once costs one broker round trip per batch.

        A failed delivery acknowledges nothing and stops the worker (``DeliveryFailed``, exit
        status 1, the way Faust stops on a failed send of its own); the unacknowledged input is
        read again when a worker takes the partition, so nothing is lost.
        """
        try:
            await asyncio.gather(*deliveries)
        except Exception as exc:  # any failed report means lost output
            failure = DeliveryFailed(f"the broker did not take a record: {exc!r}")
            log.critical("%s; stopping the worker, its input is read again after the restart",
                         failure)
            await self.app.crash(failure)
            raise failure from exc
        for event in events:
            await self.manual.ack(event)


@dataclass
class Topics:
    raw: faust.TopicT
    articles: faust.TopicT
    tagged: faust.TopicT
    dated: faust.TopicT
    enriched: faust.TopicT
    clusters: faust.TopicT
    dlq: faust.TopicT
    dlq_replayed: faust.TopicT  # written by `khabar dlq replay`, never by the agents
    cluster_bands: faust.TopicT
    cluster_nodes: faust.TopicT

    def get(self, suffix: str) -> faust.TopicT:
        topic: faust.TopicT = getattr(self, suffix.replace("-", "_"))
        return topic


def kafka_time_iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="milliseconds")


def parse_article(value: bytes) -> Decoded:
    try:
        return decode(value)
    except ValueError as exc:  # pydantic.ValidationError and orjson errors are ValueErrors
        raise RecordInvalid(f"not an article record: {exc}") from exc


class Glue:
    """What the agents share: settings, metrics, progress and the dead-letter path."""

    def __init__(self, app: faust.App, settings: Settings, metrics: Metrics, progress: Progress):
        self.app = app
        self.settings = settings
        self.metrics = metrics
        self.progress = progress
        self.limits = Limits(
            max_file_bytes=settings.max_file_bytes,
            max_articles_per_file=settings.max_articles_per_file,
            max_article_chars=settings.max_article_chars,
        )
        self.runner = StageRunner(settings.message_timeout_seconds, progress.touch)
        self.topics = Topics(
            **{
                suffix.replace("-", "_"): app.topic(
                    name,
                    key_type=bytes,
                    value_type=bytes,
                    key_serializer="raw",
                    value_serializer="raw",
                    partitions=settings.partitions,
                )
                for suffix, name in settings.topics.items()
            }
        )

    # --- stage handlers, run in the stage's thread; raising means dead letter ---

    def split(self, value: bytes, headers: Headers, message: Any) -> Output:
        raw = RawFile(
            data=value or b"",
            sha256=hashlib.sha256(value or b"").hexdigest(),
            name=header_text(headers, FILE_NAME_HEADER),
            ingested_at=kafka_time_iso(message.timestamp),
        )
        articles = split_file(raw, self.limits)
        return [
            (a.article_id.encode(), record.dumps(stamp_pipeline(a, raw))) for a in articles
        ]

    def article_handler(self, stage: ArticleStage) -> Handler:
        """The handler of a stage that reads one article and writes it on; the last stage of
        the chain also counts what the finished article holds (metrics are thread-safe)."""
        last = stage is ARTICLE_STAGES[-1]

        def handle(value: bytes, headers: Headers, message: Any) -> Output:
            decoded = parse_article(value)
            article = stage.step(decoded.article)
            if last:
                self._count_domain(article)
            return [(article.article_id.encode(), encode(article, decoded.newer))]

        return handle

    def _count_domain(self, article: Article) -> None:
        language = article.language.code if article.language else "und"
        self.metrics.articles.labels(language_label(language), article.role).inc()
        # One increment per label value, not per mention: an article can carry dozens.
        for kind, count in Counter(mention.kind for mention in article.dates).items():
            self.metrics.dates.labels(kind).inc(count)
        for entity_type, count in Counter(e.type for e in article.entities).items():
            self.metrics.entities.labels(entity_type).inc(count)
        ingested = article.pipeline.ingested_at if article.pipeline else None
        if ingested:
            latency = time.time() - datetime.fromisoformat(ingested).timestamp()
            self.metrics.end_to_end_latency.observe(max(latency, 0.0))

    # --- the loop every agent runs ---

    async def run(
        self,
        stage: str,
        stream: StreamT[bytes],
        handler: Handler,
        out: faust.TopicT,
    ) -> None:
        # This stage's metric children, looked up once rather than on every message.
        messages_in = self.metrics.messages_in.labels(stage)
        in_flight = self.metrics.in_flight.labels(stage)
        records_out = self.metrics.records_out.labels(stage)
        processing_seconds = self.metrics.processing_seconds.labels(stage)
        timing = stage_seconds_header(stage)
        stall = self.settings.debug_stall_marker
        stall_marker = stall.encode() if stall and stage == "split" else None
        batches = WaitingBatches(self.app, stream, self.settings.batch_size)
        async for events in batches:
            messages = [e.message for e in events]
            items = [(m.value or b"", normalize_headers(m.headers), m) for m in messages]
            messages_in.inc(len(items))
            in_flight.inc(len(items))
            for message in reversed(messages):  # the oldest message of each partition last
                self.progress.begin(message.topic, message.partition, message.timestamp)
            if stall_marker is not None and any(stall_marker in value for value, _, _ in items):
                log.warning("debug stall marker seen: %s stops here on purpose", stage)
                await asyncio.Event().wait()
            outcomes = await self.runner.run(stage, handler, items)
            deliveries: list[Delivery] = []
            for (_value, headers, message), outcome in zip(items, outcomes, strict=True):
                self.progress.begin(message.topic, message.partition, message.timestamp)
                try:
                    if outcome.error is not None:
                        raise outcome.error
                    outputs: Output = outcome.result
                    out_headers = [(k, v) for k, v in headers if k != timing]
                    out_headers.append((timing, f"{outcome.seconds:.6f}".encode()))
                    for key, value in outputs:
                        deliveries.append(
                            await out.send(key=key, value=value, headers=out_headers)
                        )
                    records_out.inc(len(outputs))
                except Exception as exc:  # noqa: BLE001 - every failure becomes a dead letter
                    deliveries.append(await self.dead_letter(stage, message, headers, exc))
                finally:
                    processing_seconds.observe(outcome.seconds)
                    in_flight.dec()
                    self.progress.finished(message.topic, message.partition, message.offset)
            await batches.ack_delivered(events, deliveries)

    async def dead_letter(
        self, stage: str, message: Any, headers: Headers, exc: BaseException
    ) -> Delivery:
        """Send ``message`` to the dead-letter topic with its reason; returns the delivery
        report, to be awaited before the message is acknowledged."""
        reason = reason_of(exc)
        origin = Origin(message.topic, message.partition, message.offset, message.timestamp)
        log.warning(
            "%s: %s at %s[%d]@%d → dead letter (%s)",
            stage, reason, origin.topic, origin.partition, origin.offset, exc,
            exc_info=reason == "exception",
        )
        self.metrics.errors.labels(stage, reason).inc()
        delivery: Delivery = await self.topics.dlq.send(
            key=message.key,
            value=message.value,
            headers=dead_letter_headers(headers, exc, stage=stage, origin=origin),
        )
        self.metrics.dead_letters.labels(stage, reason).inc()
        return delivery


def register_agents(glue: Glue) -> None:
    """One agent per row of the stage chain (``workers.stages.chain``)."""
    register_stage_agent(glue, SPLIT, glue.split)
    for stage in ARTICLE_STAGES:
        register_stage_agent(glue, stage, glue.article_handler(stage))


def register_stage_agent(glue: Glue, stage: Stage, handler: Handler) -> None:
    source, target = glue.topics.get(stage.consumes), glue.topics.get(stage.produces)

    @glue.app.agent(source, name=stage.name)
    async def stage_agent(stream: StreamT[bytes]) -> None:
        await glue.run(stage.name, stream, handler, target)
