from __future__ import annotations

import pytest
from prometheus_client import CollectorRegistry

from workers.health import PartitionKey, Progress
from workers.metrics import Metrics


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(1_000.0)


@pytest.fixture
def progress(clock: Clock) -> Progress:
    metrics = Metrics.create(CollectorRegistry(), process=False)
    p = Progress(metrics=metrics, stall_seconds=30.0, clock=clock, started=clock.now)
    p.set_assignment([PartitionKey("raw", 0)])
    return p


def gauge(progress: Progress, name: str, **labels: str) -> float | None:
    return progress.metrics.registry.get_sample_value(name, labels)


def test_lag_is_highwater_minus_next_offset(progress: Progress, clock: Clock) -> None:
    progress.finished("raw", 0, offset=4)  # next offset 5
    progress.begin("raw", 0, timestamp=990.0)  # the agent starts offset 5, stamped 990
    progress.update_lag(lambda key: 12)
    assert gauge(progress, "khabar_consumer_lag_messages", topic="raw", partition="0") == 7
    # Age of the oldest unprocessed message: the one the agent is working on.
    assert gauge(progress, "khabar_consumer_lag_seconds", topic="raw", partition="0") == 10.0


def test_caught_up_partition_has_zero_lag_in_messages_and_seconds(progress: Progress) -> None:
    progress.begin("raw", 0, timestamp=100.0)
    progress.finished("raw", 0, offset=11)
    progress.update_lag(lambda key: 12)
    assert gauge(progress, "khabar_consumer_lag_messages", topic="raw", partition="0") == 0
    assert gauge(progress, "khabar_consumer_lag_seconds", topic="raw", partition="0") == 0


def test_unknown_highwater_keeps_the_last_one(progress: Progress) -> None:
    progress.finished("raw", 0, offset=1)
    progress.update_lag(lambda key: 10)
    progress.update_lag(lambda key: None)
    assert gauge(progress, "khabar_consumer_lag_messages", topic="raw", partition="0") == 8


def test_livez_fails_only_when_pending_work_sees_no_progress(
    progress: Progress, clock: Clock
) -> None:
    progress.update_lag(lambda key: 5)  # five pending, nothing processed yet
    assert progress.live()[0]
    clock.now += 31
    ok, detail = progress.live()
    assert not ok
    assert "5 messages pending" in detail
    progress.finished("raw", 0, offset=0)
    assert progress.live()[0]


def test_a_touch_counts_as_progress(progress: Progress, clock: Clock) -> None:
    progress.update_lag(lambda key: 5)
    clock.now += 31
    assert not progress.live()[0]
    progress.touch()  # a stage thread finished a message of a long batch
    assert progress.live()[0]
    assert gauge(progress, "khabar_last_progress_timestamp_seconds") == clock.now


def test_idle_worker_stays_live(progress: Progress, clock: Clock) -> None:
    progress.update_lag(lambda key: 0)
    clock.now += 10_000
    assert progress.live() == (True, "idle or caught up")


def test_readyz_needs_connection_and_a_joined_group_not_partitions(
    progress: Progress, clock: Clock
) -> None:
    assert progress.ready(connected=True)[0]
    assert not progress.ready(connected=False)[0]
    progress.set_assignment([])  # joined, but the partitions went to the other workers
    ok, detail = progress.ready(connected=True)
    assert ok and detail.startswith("idle")
    assert gauge(progress, "khabar_worker_up") == 0  # the idle worker still shows in the alert
    fresh = Progress(metrics=Metrics.create(CollectorRegistry(), process=False),
                     stall_seconds=30.0, clock=clock, started=clock.now)
    assert fresh.ready(connected=True) == (False, "waiting to join the consumer group")


def test_revoked_partitions_drop_their_series(progress: Progress) -> None:
    progress.update_lag(lambda key: 3)
    progress.set_assignment([PartitionKey("raw", 1)])
    assert gauge(progress, "khabar_consumer_lag_messages", topic="raw", partition="0") is None


def test_a_new_owner_counts_lag_from_the_committed_offset(progress: Progress) -> None:
    # Taken over after a restart: 32 messages, all processed and committed by the last owner.
    progress.update_lag(lambda key: 32, lambda key: 32)
    assert gauge(progress, "khabar_consumer_lag_messages", topic="raw", partition="0") == 0
    assert progress.live() == (True, "idle or caught up")
    # Two new messages arrive: pending from the committed offset, not from zero.
    progress.update_lag(lambda key: 34, lambda key: None)
    assert gauge(progress, "khabar_consumer_lag_messages", topic="raw", partition="0") == 2


def test_without_any_committed_offset_the_whole_partition_is_pending(progress: Progress) -> None:
    progress.update_lag(lambda key: 5, lambda key: None)
    assert gauge(progress, "khabar_consumer_lag_messages", topic="raw", partition="0") == 5


def test_the_later_of_finished_and_committed_counts(progress: Progress) -> None:
    progress.finished("raw", 0, offset=9)  # next offset 10, commit not yet made
    progress.update_lag(lambda key: 12, lambda key: 4)
    assert gauge(progress, "khabar_consumer_lag_messages", topic="raw", partition="0") == 2


def test_startup_waits_for_the_first_assignment_even_an_empty_one(clock: Clock) -> None:
    metrics = Metrics.create(CollectorRegistry(), process=False)
    fresh = Progress(metrics=metrics, stall_seconds=30.0, clock=clock, started=clock.now)
    assert fresh.started_up() == (False, "waiting to join the consumer group")
    fresh.set_assignment([])  # more workers than partitions: joined, nothing to read
    assert fresh.started_up()[0]
