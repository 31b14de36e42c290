"""The batch runner of the agents: one hand-over to the stage thread per batch, yet every
message keeps its own outcome and its own time limit, counted in CPU time of the stage."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from workers.dead_letters import Headers
from workers.errors import StageTimeout
from workers.runner import Item, Outcome, StageRunner


class Progress:
    def __init__(self) -> None:
        self.touched = 0

    def touch(self) -> None:
        self.touched += 1


class Runner(StageRunner):
    """A runner that counts the messages it reports finished, as the liveness probe does."""

    def __init__(self, limit: float) -> None:
        self.progress = Progress()
        super().__init__(limit, self.progress.touch)


def runner(limit: float) -> Runner:
    return Runner(limit)


def items(*values: bytes) -> list[Item]:
    return [(value, [], None) for value in values]


def stage(value: bytes, headers: Headers, message: Any) -> str:
    if value.startswith(b"sleep"):  # waits without using the CPU
        time.sleep(float(value.split()[1]))
    if value.startswith(b"spin"):  # uses the CPU, like a stage on a poison pill
        end = time.thread_time() + float(value.split()[1])
        while time.thread_time() < end:
            pass
    if value == b"boom":
        raise ValueError("boom")
    return value.decode().upper()


def run(stage_runner: StageRunner, batch: list[Item]) -> list[Outcome]:
    try:
        return asyncio.run(stage_runner.run("test", stage, batch))
    finally:
        stage_runner.shutdown()


def test_every_message_gets_its_own_outcome_in_order() -> None:
    stage_runner = runner(5.0)
    outcomes = run(stage_runner, items(b"a", b"boom", b"c"))
    assert [o.result for o in outcomes] == ["A", None, "C"]
    assert stage_runner.progress.touched == 3  # the liveness probe hears of every finished message
    assert isinstance(outcomes[1].error, ValueError)
    assert outcomes[0].error is None and outcomes[2].error is None
    assert all(o.seconds >= 0 for o in outcomes)


def test_a_message_over_the_limit_times_out_alone_and_the_rest_goes_on() -> None:
    stage_runner = runner(0.3)
    outcomes = run(stage_runner, items(b"a", b"spin 1.5", b"c", b"d"))
    assert [o.result for o in outcomes] == ["A", None, "C", "D"]
    assert isinstance(outcomes[1].error, StageTimeout)
    assert outcomes[1].seconds >= 0.3  # CPU seconds used when it was given up
    # The stuck thread was abandoned; a fresh one finished the rest of the batch and reported
    # each of its messages (the abandoned one may report its own later).
    assert stage_runner.progress.touched >= 3


@pytest.mark.parametrize("count", [1, 15])
def test_the_limit_is_per_message_not_per_batch(count: int) -> None:
    # Each message uses 0.1 s of CPU, 15 of them more than the 1 s limit: none may time out.
    outcomes = run(runner(1.0), items(*[b"spin 0.1"] * count))
    assert [o.error for o in outcomes] == [None] * count
    assert [o.result for o in outcomes] == ["SPIN 0.1"] * count


def test_waiting_is_not_charged_to_a_message() -> None:
    """A message whose thread waits (for the GIL, a core, an abandoned thread still busy on an
    earlier poison pill) longer than the limit, without using the CPU, is not a timeout."""
    outcomes = run(runner(0.3), items(b"sleep 0.8", b"a"))
    assert [o.error for o in outcomes] == [None, None]
    assert [o.result for o in outcomes] == ["SLEEP 0.8", "A"]
    assert outcomes[0].seconds >= 0.8
