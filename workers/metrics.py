"""Every Prometheus metric khabar exports, in one container with the registry passed in.

Names follow the Prometheus conventions: ``khabar_`` prefix, base units (seconds, bytes) in the
name, counters end in ``_total`` (added by the client), label values from bounded sets. A fresh
registry per test keeps tests independent; the worker uses one registry for its lifetime.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector

from workers import __version__
from workers.errors import REASONS
from workers.stages.chain import STAGE_NAMES

# The *_created series double the series count for no dashboard or alert of ours.
disable_created_metrics()  # type: ignore[no-untyped-call]

STAGES = STAGE_NAMES  # the chain's stages, in order
# The story-cluster agents: enriched → band buckets → cluster nodes (see workers.cluster_agents).
CLUSTER_STAGES = ("cluster_route", "cluster_link", "cluster_merge")

# Stage work is sub-millisecond to tens of milliseconds; end-to-end includes up to four
# broker hops and fetch waits, so its buckets reach further.
STAGE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)

# Languages get their own label value; anything else is counted as "other" so a detector
# surprise cannot blow up the number of series.
LANGUAGE_LABELS = frozenset({"ar", "en", "fr", "fa", "ur", "tr", "he", "de", "es", "ru", "und"})


def language_label(code: str) -> str:
    return code if code in LANGUAGE_LABELS else "other"


@dataclass(frozen=True)
class Metrics:
    registry: CollectorRegistry
    messages_in: Counter
    records_out: Counter
    errors: Counter
    dead_letters: Counter
    processing_seconds: Histogram
    in_flight: Gauge
    end_to_end_latency: Histogram
    lag_messages: Gauge
    lag_seconds: Gauge
    articles: Counter
    dates: Counter
    entities: Counter
    clusters_formed: Counter
    clusters_merged: Counter
    cluster_largest: Gauge
    cluster_state: Gauge
    cluster_replayed: Counter
    rebalances: Counter
    assigned_partitions: Gauge
    last_progress: Gauge
    worker_up: Gauge
    build_info: Gauge

    @classmethod
    def create(cls, registry: CollectorRegistry | None = None, *, process: bool = True) -> Metrics:
        registry = registry if registry is not None else CollectorRegistry()
        if process:
            ProcessCollector(registry=registry)
            PlatformCollector(registry=registry)
            GCCollector(registry=registry)
        metrics = cls(
            registry=registry,
            messages_in=Counter(
                "khabar_stage_messages_in", "Messages a stage consumed.", ["stage"],
                registry=registry,
            ),
            records_out=Counter(
                "khabar_stage_records_out", "Records a stage produced.", ["stage"],
                registry=registry,
            ),
            errors=Counter(
                "khabar_stage_errors", "Messages a stage failed on, by reason.",
                ["stage", "reason"], registry=registry,
            ),
            dead_letters=Counter(
                "khabar_dead_letters", "Messages sent to the dead-letter topic, by reason.",
                ["stage", "reason"], registry=registry,
            ),
            processing_seconds=Histogram(
                "khabar_stage_processing_seconds", "Time a stage spent on one message.",
                ["stage"], buckets=STAGE_BUCKETS, registry=registry,
            ),
            in_flight=Gauge(
                "khabar_stage_in_flight", "Messages a stage is working on now.", ["stage"],
                registry=registry,
            ),
            end_to_end_latency=Histogram(
                "khabar_end_to_end_latency_seconds",
                "From the raw message's Kafka timestamp to its article sent to the enriched topic.",
                buckets=LATENCY_BUCKETS, registry=registry,
            ),
            lag_messages=Gauge(
                "khabar_consumer_lag_messages",
                "Messages behind the fetch high watermark, per partition.",
                ["topic", "partition"], registry=registry,
            ),
            lag_seconds=Gauge(
                "khabar_consumer_lag_seconds",
                "Age of the oldest unprocessed message, per partition (0 when caught up).",
                ["topic", "partition"], registry=registry,
            ),
            articles=Counter(
                "khabar_articles", "Articles completed, by language and role.",
                ["language", "role"], registry=registry,
            ),
            dates=Counter(
                "khabar_dates", "Date mentions found, by kind.", ["kind"], registry=registry
            ),
            entities=Counter(
                "khabar_entities", "Entities found, by type.", ["type"], registry=registry
            ),
            clusters_formed=Counter(
                "khabar_clusters_formed",
                "Story clusters that grew from one article to two.", registry=registry,
            ),
            clusters_merged=Counter(
                "khabar_clusters_merged",
                "Story clusters joined into an earlier one by an article linking both.",
                registry=registry,
            ),
            cluster_largest=Gauge(
                "khabar_cluster_largest_size",
                "Articles in the largest story cluster this worker has written.",
                registry=registry,
            ),
            cluster_state=Gauge(
                "khabar_cluster_state_entries",
                "Entries held in cluster state: band-bucket members and cluster nodes.",
                ["kind"], registry=registry,
            ),
            cluster_replayed=Counter(
                "khabar_cluster_state_replayed_messages",
                "Messages read back to rebuild cluster state after an assignment.",
                ["topic"], registry=registry,
            ),
            rebalances=Counter(
                "khabar_rebalances", "Consumer-group rebalances this worker went through.",
                registry=registry,
            ),
            assigned_partitions=Gauge(
                "khabar_assigned_partitions", "Partitions assigned to this worker.",
                registry=registry,
            ),
            last_progress=Gauge(
                "khabar_last_progress_timestamp_seconds",
                "Unix time of the last message this worker finished.", registry=registry,
            ),
            worker_up=Gauge(
                "khabar_worker_up", "1 when the worker is connected and has partitions.",
                registry=registry,
            ),
            build_info=Gauge(
                "khabar_build_info", "Version of khabar and Python; always 1.",
                ["version", "python"], registry=registry,
            ),
        )
        metrics.build_info.labels(__version__, platform.python_version()).set(1)
        # Every bounded label combination starts at 0: dashboards show 0 rather than "no data",
        # and rate()/increase() count the very first error, which they miss on a new series.
        for kind in ("bands", "nodes"):
            metrics.cluster_state.labels(kind)
        for topic in ("cluster-bands", "cluster-nodes"):
            metrics.cluster_replayed.labels(topic)
        for stage in STAGES + CLUSTER_STAGES:
            metrics.messages_in.labels(stage)
            metrics.records_out.labels(stage)
            metrics.in_flight.labels(stage)
            metrics.processing_seconds.labels(stage)
            for reason in sorted(REASONS):
                metrics.errors.labels(stage, reason)
                metrics.dead_letters.labels(stage, reason)
        return metrics

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


# Reasons the publisher refuses a file for (see workers.producer.check_file).
PUBLISHER_REASONS = ("missing", "unreadable", "empty", "too_large", "send_failed")


@dataclass(frozen=True)
class PublisherMetrics:
    """What ``khabar publish --watch --metrics-port`` exports: its own counters only, so a
    publisher never shows up as a worker that is down."""

    registry: CollectorRegistry
    files: Counter
    bytes: Counter
    rejections: Counter

    @classmethod
    def create(cls, registry: CollectorRegistry | None = None) -> PublisherMetrics:
        registry = registry if registry is not None else CollectorRegistry()
        ProcessCollector(registry=registry)
        metrics = cls(
            registry=registry,
            files=Counter(
                "khabar_producer_files", "Files published to the raw topic.", registry=registry
            ),
            bytes=Counter(
                "khabar_producer_bytes", "Bytes published to the raw topic.", registry=registry
            ),
            rejections=Counter(
                "khabar_producer_rejections", "Files the publisher refused, by reason.",
                ["reason"], registry=registry,
            ),
        )
        for reason in PUBLISHER_REASONS:
            metrics.rejections.labels(reason)
        return metrics
