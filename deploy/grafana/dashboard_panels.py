"""The panels of the khabar Grafana dashboard, grouped in rows, as plain data.

Kept apart from the JSON rendering (build_dashboard.py) so adding a panel means adding one
entry here; every query is narrowed by the ``$job`` and ``$instance`` dashboard variables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
# Every worker query is narrowed by the job and instance variables.
SEL = 'job=~"$job", instance=~"$instance"'
RATE = "[$__rate_interval]"

Json = dict[str, Any]


@dataclass(frozen=True)
class Query:
    expr: str
    legend: str = ""
    instant: bool = False


@dataclass(frozen=True)
class Panel:
    title: str
    description: str
    queries: tuple[Query, ...]
    kind: str = "timeseries"
    unit: str = "short"
    width: int = 8
    height: int = 8
    extra: Json = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    title: str
    panels: tuple[Panel, ...]


def q(expr: str, legend: str = "") -> Query:
    return Query(expr=expr, legend=legend)


def by_stage(metric: str) -> Query:
    return q(f"sum by (stage) (rate({metric}{{{SEL}}}{RATE}))", "{{stage}}")


def quantile(phi: float, metric: str, by: str = "") -> Query:
    group = f"{by}, le" if by else "le"
    legend = f"{{{{{by}}}}} p{round(phi * 100)}" if by else f"p{round(phi * 100)}"
    return q(
        f"histogram_quantile({phi}, sum by ({group}) (rate({metric}_bucket{{{SEL}}}{RATE})))",
        legend,
    )


OVERVIEW = Row(
    "Overview",
    (
        Panel(
            "Workers up",
            "Workers connected to Kafka with at least one partition (khabar_worker_up).",
            (q(f"sum(khabar_worker_up{{{SEL}}})"),),
            kind="stat",
            width=4,
            height=4,
        ),
        Panel(
            "Assigned partitions",
            "Partitions of the four source topics held by the workers: 4 × KHABAR_PARTITIONS"
            " when every partition is assigned.",
            (q(f"sum(khabar_assigned_partitions{{{SEL}}})"),),
            kind="stat",
            width=4,
            height=4,
        ),
        Panel(
            "Articles / s",
            "Enriched article records written to khabar.enriched per second.",
            (q(f'sum(rate(khabar_stage_records_out_total{{{SEL}, stage="enrich"}}{RATE}))'),),
            kind="stat",
            unit="ops",
            width=4,
            height=4,
        ),
        Panel(
            "Consumer lag",
            "Messages waiting, summed over every topic and partition.",
            (q(f"sum(max by (topic, partition) (khabar_consumer_lag_messages{{{SEL}}}))"),),
            kind="stat",
            width=4,
            height=4,
        ),
        Panel(
            "Oldest unprocessed message",
            "Age of the oldest message not yet processed, over all partitions.",
            (q(f"max(khabar_consumer_lag_seconds{{{SEL}}})"),),
            kind="stat",
            unit="s",
            width=4,
            height=4,
        ),
        Panel(
            "Dead letters (1 h)",
            "Messages sent to the dead-letter topic during the last hour.",
            (q(f"sum(increase(khabar_dead_letters_total{{{SEL}}}[1h]))"),),
            kind="stat",
            width=4,
            height=4,
        ),
    ),
)

THROUGHPUT = Row(
    "Throughput",
    (
        Panel(
            "Messages in per stage",
            "Messages each stage consumed per second.",
            (by_stage("khabar_stage_messages_in_total"),),
            unit="ops",
        ),
        Panel(
            "Records out per stage",
            "Records each stage produced per second (split fans one file out to many articles).",
            (by_stage("khabar_stage_records_out_total"),),
            unit="ops",
        ),
        Panel(
            "In flight per stage",
            "Messages a stage has started and not finished.",
            (q(f"sum by (stage) (khabar_stage_in_flight{{{SEL}}})", "{{stage}}"),),
        ),
    ),
)

LAG = Row(
    "Consumer lag",
    (
        Panel(
            "Lag by topic (messages)",
            "Messages waiting per topic; a steady climb means the workers fall behind.",
            (
                q(
                    f"sum by (topic) (max by (topic, partition) "
                    f"(khabar_consumer_lag_messages{{{SEL}}}))",
                    "{{topic}}",
                ),
            ),
        ),
        Panel(
            "Lag by topic (age of oldest message)",
            "How long the oldest unprocessed message of each topic has waited.",
            (q(f"max by (topic) (khabar_consumer_lag_seconds{{{SEL}}})", "{{topic}}"),),
            unit="s",
        ),
        Panel(
            "Lag by partition (messages)",
            "One line per partition: a single climbing line points at one stuck worker.",
            (
                q(
                    f"max by (topic, partition) (khabar_consumer_lag_messages{{{SEL}}})",
                    "{{topic}} / {{partition}}",
                ),
            ),
        ),
    ),
)

LATENCY = Row(
    "Latency",
    (
        Panel(
            "End-to-end latency",
            "From the raw message's Kafka timestamp to the record sent to khabar.enriched.",
            tuple(quantile(phi, "khabar_end_to_end_latency_seconds") for phi in (0.5, 0.95, 0.99)),
            unit="s",
        ),
        Panel(
            "Processing time per stage (p95)",
            "95th percentile of the time a stage spends on one message.",
            (quantile(0.95, "khabar_stage_processing_seconds", by="stage"),),
            unit="s",
        ),
        Panel(
            "Mean processing time per stage",
            "Average time a stage spends on one message.",
            (
                q(
                    f"sum by (stage) (rate(khabar_stage_processing_seconds_sum{{{SEL}}}{RATE}))"
                    f" / sum by (stage) "
                    f"(rate(khabar_stage_processing_seconds_count{{{SEL}}}{RATE}))",
                    "{{stage}}",
                ),
            ),
            unit="s",
        ),
    ),
)

ERRORS = Row(
    "Errors",
    (
        Panel(
            "Stage errors by reason",
            "Errors raised while processing, per stage and reason code.",
            (
                q(
                    f"sum by (stage, reason) (rate(khabar_stage_errors_total{{{SEL}}}{RATE}))",
                    "{{stage}}: {{reason}}",
                ),
            ),
            unit="ops",
            width=12,
        ),
        Panel(
            "Dead letters by reason",
            "Messages sent to the dead-letter topic, per stage and reason code.",
            (
                q(
                    f"sum by (stage, reason) (rate(khabar_dead_letters_total{{{SEL}}}{RATE}))",
                    "{{stage}}: {{reason}}",
                ),
            ),
            unit="ops",
            width=12,
        ),
    ),
)


def content_panel(title: str, description: str, metric: str, label: str) -> Panel:
    return Panel(
        title,
        description,
        (q(f"sum by ({label}) (rate({metric}{{{SEL}}}{RATE}))", f"{{{{{label}}}}}"),),
        unit="ops",
        width=8,
    )


CONTENT = Row(
    "Content",
    (
        content_panel(
            "Articles by language",
            "Articles per second by detected language.",
            "khabar_articles_total",
            "language",
        ),
        content_panel(
            "Articles by role",
            "Main articles against related articles found in the same file.",
            "khabar_articles_total",
            "role",
        ),
        content_panel(
            "Entities by type",
            "Entities found per second by type.",
            "khabar_entities_total",
            "type",
        ),
        content_panel(
            "Dates by kind",
            "Dates normalised per second: absolute, relative or partial.",
            "khabar_dates_total",
            "kind",
        ),
        Panel(
            "Story clusters",
            "Clusters formed (a second near-duplicate arrived) and merged (an article linked "
            "two clusters) per second, from the cluster agents (khabar.clusters).",
            (
                q(f"sum(rate(khabar_clusters_formed_total{{{SEL}}}{RATE}))", "formed"),
                q(f"sum(rate(khabar_clusters_merged_total{{{SEL}}}{RATE}))", "merged"),
            ),
            unit="ops",
            width=8,
        ),
        Panel(
            "Largest story cluster",
            "Articles in the largest cluster any worker has written, and the entries held in "
            "cluster state (flat on an endless stream: state older than the window is dropped).",
            (
                q(f"max(khabar_cluster_largest_size{{{SEL}}})", "largest cluster"),
                q(f"sum by (kind) (khabar_cluster_state_entries{{{SEL}}})", "state: {{kind}}"),
            ),
            width=8,
        ),
        Panel(
            "Cluster state replays",
            "Messages read back per second to rebuild cluster state after a worker gained "
            "partitions (start, restart, rebalance); zero in steady state.",
            (
                q(
                    f"sum by (topic) (rate(khabar_cluster_state_replayed_messages_total"
                    f"{{{SEL}}}{RATE}))",
                    "{{topic}}",
                ),
            ),
            unit="ops",
            width=8,
        ),
    ),
)

WORKERS = Row(
    "Workers",
    (
        Panel(
            "Connected and assigned",
            "1 while a worker is connected to Kafka and holds partitions.",
            (q(f"khabar_worker_up{{{SEL}}}", "{{job}} {{instance}}"),),
            extra={"min": 0, "max": 1},
        ),
        Panel(
            "Time since last progress",
            "Seconds since each worker last finished a message (none yet: no line); high with"
            " lag means stalled.",
            (
                q(
                    f"time() - (khabar_last_progress_timestamp_seconds{{{SEL}}} > 0)",
                    "{{instance}}",
                ),
            ),
            unit="s",
        ),
        Panel(
            "Assigned partitions per worker",
            "Partitions each worker holds after the last rebalance.",
            (q(f"khabar_assigned_partitions{{{SEL}}}", "{{job}} {{instance}}"),),
        ),
        Panel(
            "Rebalances",
            "Consumer-group rebalances per worker in each 5-minute window.",
            (
                q(
                    f"sum by (instance) (increase(khabar_rebalances_total{{{SEL}}}[5m]))",
                    "{{instance}}",
                ),
            ),
        ),
        Panel(
            "CPU per worker",
            "CPU seconds per second used by each worker process (1 = one core).",
            (
                q(
                    f"rate(process_cpu_seconds_total{{{SEL}}}{RATE})",
                    "{{instance}}",
                ),
            ),
            unit="short",
        ),
        Panel(
            "Memory per worker",
            "Resident memory of each worker process.",
            (q(f"process_resident_memory_bytes{{{SEL}}}", "{{instance}}"),),
            unit="bytes",
        ),
        Panel(
            "Versions",
            "khabar and Python version of every scraped worker.",
            (Query(f"khabar_build_info{{{SEL}}}", instant=True),),
            kind="table",
            width=24,
            height=6,
        ),
    ),
)

PRODUCER = Row(
    "Producer",
    (
        Panel(
            "Files published",
            "Raw files the producer published to khabar.raw per second.",
            (q(f"sum(rate(khabar_producer_files_total{{{SEL}}}{RATE}))", "files"),),
            unit="ops",
        ),
        Panel(
            "Bytes published",
            "Raw bytes the producer published per second.",
            (q(f"sum(rate(khabar_producer_bytes_total{{{SEL}}}{RATE}))", "bytes"),),
            unit="Bps",
        ),
        Panel(
            "Rejected files by reason",
            "Files the producer refused before publishing (too large, unreadable, empty…).",
            (
                q(
                    f"sum by (reason) (rate(khabar_producer_rejections_total{{{SEL}}}{RATE}))",
                    "{{reason}}",
                ),
            ),
            unit="ops",
        ),
    ),
)

ROWS = (OVERVIEW, THROUGHPUT, LAG, LATENCY, ERRORS, CONTENT, WORKERS, PRODUCER)
