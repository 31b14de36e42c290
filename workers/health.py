"""Progress, lag and health of one worker, computed without ``end_offsets``.

Lag in messages is the fetch high watermark (carried on every fetch response) minus the next
offset this worker has to process: the one after the last message it finished, or, before it
finished any message of a partition, the group's committed offset (where a new owner starts
reading). Without the committed offset a worker that takes over a caught-up partition would
count the whole partition as pending until a new message arrives, and fail ``/livez`` for it.
``end_offsets``/ListOffsets is not used: on the embedded broker it returns a wrong end offset
after batched produces.

Lag in seconds is the age of the oldest unprocessed message: while a partition has lag, that is
the message the agent is working on (or the last one it started), whose Kafka timestamp the
agent reports when it starts it.

``/livez`` fails when the worker has assigned partitions with pending messages but has finished
nothing for ``stall_seconds``: the stall where a Faust worker sits connected but no longer consumes.
``/readyz`` succeeds when the worker is connected and has joined its consumer group, with or
without partitions: Faust's sticky assignor leaves a worker beyond what the partitions can
share evenly with none (4 partitions, 3 workers: 2, 2, 0), and a readiness that demanded
partitions would stall a rolling update on that pod. ``/startupz`` succeeds once the worker has
joined its consumer group (the first assignment arrived, even an empty one): the stages are
warmed up before the app starts and no state is restored at start.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from workers.metrics import Metrics


@dataclass(frozen=True, slots=True)
class PartitionKey:
    topic: str
    partition: int


@dataclass(slots=True)
class PartitionProgress:
    next_offset: int | None = None  # offset after the last message finished here
    committed: int | None = None  # the group's committed offset (next offset to read)
    head_timestamp: float | None = None  # Kafka timestamp (s) of the message started last
    highwater: int | None = None


@dataclass
class Progress:
    """Per-partition progress; fed by the agents, read by the lag timer and the probes."""

    metrics: Metrics
    stall_seconds: float
    clock: Callable[[], float] = time.time
    partitions: dict[PartitionKey, PartitionProgress] = field(default_factory=dict)
    assigned: set[PartitionKey] = field(default_factory=set)
    last_progress: float | None = None
    started: float = field(default_factory=time.time)
    joined: bool = False

    def begin(self, topic: str, partition: int, timestamp: float | None) -> None:
        state = self.partitions.setdefault(PartitionKey(topic, partition), PartitionProgress())
        state.head_timestamp = timestamp

    def finished(self, topic: str, partition: int, offset: int) -> None:
        state = self.partitions.setdefault(PartitionKey(topic, partition), PartitionProgress())
        state.next_offset = offset + 1
        self.touch()

    def touch(self) -> None:
        """A stage finished a message whose records are not sent yet: the worker is not stalled.

        Called from the stage threads as each message of a batch is done, so a long batch of
        slow messages never looks like a stall (two plain assignments and a locked gauge).
        """
        now = self.clock()
        self.last_progress = now
        self.metrics.last_progress.set(now)

    def set_assignment(self, assigned: Iterable[PartitionKey]) -> None:
        self.joined = True
        self.assigned = set(assigned)
        self.metrics.assigned_partitions.set(len(self.assigned))
        self.metrics.worker_up.set(1 if self.assigned else 0)
        for key in list(self.partitions):
            if key not in self.assigned:
                del self.partitions[key]
                self.metrics.lag_messages.remove(key.topic, str(key.partition))
                self.metrics.lag_seconds.remove(key.topic, str(key.partition))

    def update_lag(
        self,
        highwater: Callable[[PartitionKey], int | None],
        committed: Callable[[PartitionKey], int | None] = lambda key: None,
    ) -> None:
        """Refresh the lag gauges from each partition's high watermark and committed offset
        (either may be unknown: the last known value stays)."""
        now = self.clock()
        for key in sorted(self.assigned, key=lambda k: (k.topic, k.partition)):
            state = self.partitions.setdefault(key, PartitionProgress())
            mark = highwater(key)
            if mark is not None:
                state.highwater = mark
            offset = committed(key)
            if offset is not None:
                state.committed = offset
            lag = self.lag_of(state)
            labels = (key.topic, str(key.partition))
            self.metrics.lag_messages.labels(*labels).set(lag)
            age = 0.0
            if lag > 0:
                stamp = state.head_timestamp
                age = max(0.0, now - (stamp if stamp is not None else self.started))
            self.metrics.lag_seconds.labels(*labels).set(age)

    @staticmethod
    def lag_of(state: PartitionProgress) -> int:
        if state.highwater is None:
            return 0
        done = max(state.next_offset or 0, state.committed or 0)
        # Neither known (nothing finished here and nothing ever committed): the group reads the
        # partition from its start, so the whole of it is pending.
        return max(0, state.highwater - done)

    def pending(self) -> int:
        return sum(self.lag_of(self.partitions[k]) for k in self.assigned if k in self.partitions)

    def live(self) -> tuple[bool, str]:
        if self.pending() == 0:
            return True, "idle or caught up"
        reference = self.last_progress if self.last_progress is not None else self.started
        silent = self.clock() - reference
        if silent > self.stall_seconds:
            return False, f"{self.pending()} messages pending and no progress for {silent:.0f} s"
        return True, "making progress"

    def started_up(self) -> tuple[bool, str]:
        if not self.joined:
            return False, "waiting to join the consumer group"
        return True, f"joined the consumer group with {len(self.assigned)} partitions"

    def ready(self, connected: bool) -> tuple[bool, str]:
        if not connected:
            return False, "not connected to the brokers"
        if not self.joined:
            return False, "waiting to join the consumer group"
        if not self.assigned:
            return True, "idle: joined with no partition (more workers than the partitions share)"
        return True, f"{len(self.assigned)} partitions assigned"
