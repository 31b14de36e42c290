"""The metric catalogue every worker exports (workers/metrics.py): the names that the
dashboard and the alert rules may use. A name outside it is a panel that stays empty."""

from __future__ import annotations

COUNTERS = frozenset(
    {
        "khabar_stage_messages_in_total",
        "khabar_stage_records_out_total",
        "khabar_stage_errors_total",
        "khabar_dead_letters_total",
        "khabar_articles_total",
        "khabar_dates_total",
        "khabar_entities_total",
        "khabar_clusters_formed_total",
        "khabar_clusters_merged_total",
        "khabar_cluster_state_replayed_messages_total",
        "khabar_producer_files_total",
        "khabar_producer_bytes_total",
        "khabar_producer_rejections_total",
        "khabar_rebalances_total",
    }
)
GAUGES = frozenset(
    {
        "khabar_stage_in_flight",
        "khabar_consumer_lag_messages",
        "khabar_consumer_lag_seconds",
        "khabar_assigned_partitions",
        "khabar_last_progress_timestamp_seconds",
        "khabar_worker_up",
        "khabar_build_info",
        "khabar_cluster_largest_size",
        "khabar_cluster_state_entries",
    }
)
HISTOGRAMS = frozenset(
    {
        "khabar_stage_processing_seconds",
        "khabar_end_to_end_latency_seconds",
    }
)
# prometheus-client's default collectors and Prometheus' own target health series.
STANDARD = frozenset(
    {
        "process_cpu_seconds_total",
        "process_resident_memory_bytes",
        "process_virtual_memory_bytes",
        "process_open_fds",
        "process_start_time_seconds",
        "python_gc_collections_total",
        "python_info",
        "up",
    }
)

KHABAR = COUNTERS | GAUGES | HISTOGRAMS
SERIES = (
    COUNTERS
    | GAUGES
    | STANDARD
    | {f"{name}{suffix}" for name in HISTOGRAMS for suffix in ("_bucket", "_sum", "_count")}
)
