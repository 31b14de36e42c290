"""The catalogue the dashboard and rules are checked against is what the workers export."""

from __future__ import annotations

from tests.deploy.catalogue import COUNTERS, GAUGES, HISTOGRAMS, KHABAR, STANDARD
from workers.metrics import Metrics, PublisherMetrics


def exported() -> dict[str, str]:
    """Series name → metric type, as a worker's or the publisher's /metrics would name them."""
    names = {}
    families = [*Metrics.create().registry.collect(), *PublisherMetrics.create().registry.collect()]
    for family in families:
        suffix = "_total" if family.type == "counter" else ""
        names[family.name + suffix] = family.type
    return names


def test_every_khabar_metric_of_the_workers_is_catalogued() -> None:
    khabar = {name for name in exported() if name.startswith("khabar_")}
    assert khabar == KHABAR


def test_catalogue_types_match_the_workers() -> None:
    types = exported()
    assert all(types[name] == "counter" for name in COUNTERS)
    assert all(types[name] == "gauge" for name in GAUGES)
    assert all(types[name] == "histogram" for name in HISTOGRAMS)


def test_standard_series_used_by_the_dashboard_are_exported() -> None:
    # `up` comes from Prometheus itself, not from the worker.
    assert STANDARD - {"up"} <= set(exported())
