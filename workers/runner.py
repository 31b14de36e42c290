"""The stage runner: a batch of messages through one stage's thread, each message under a time
limit of its own. No Faust and no Kafka here, so it is tested as it is; the agents
(``workers.agents``) feed it the messages and send what comes out.

One hand-over to the thread per batch instead of per message is what makes batches pay: a
hand-over (an executor submit, a future, a timer, a thread wake-up and the GIL passing back)
costs the event loop far more than a small stage call.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from workers.dead_letters import Headers
from workers.errors import StageTimeout

# A handler is the stage work, run in the stage's thread; raising means dead letter.
Handler = Callable[[bytes, Headers, Any], Any]
Item = tuple[bytes, Headers, Any]  # a message's value, its headers, the message itself
# How often, at most, the loop looks at the CPU time of a message whose thread is starved.
MIN_CHECK_SECONDS = 0.05


@dataclass(slots=True)
class Outcome:
    """What the stage made of one message: a result, or the error that makes it a dead letter."""

    result: Any
    error: BaseException | None
    seconds: float


def thread_cpu_clock() -> Callable[[], float]:
    """A clock of the calling thread's CPU time that other threads can read (Linux and most
    Unixes); elsewhere the wall clock, which charges a message for waiting too."""
    if hasattr(time, "pthread_getcpuclockid"):
        clock = time.pthread_getcpuclockid(threading.get_ident())
        return lambda: time.clock_gettime(clock)
    return time.monotonic  # pragma: no cover - platforms without per-thread CPU clocks


class StageBatch:
    """A batch of messages for one stage, run one after another in the stage's thread.

    ``current`` (the index of the message being worked on and the thread's CPU time when it
    started, one tuple so the event loop reads both at once) lets the loop measure the CPU time
    each message has used, and name the one that overran the time limit. CPU time, not wall
    time: a message must not be charged for waiting for the GIL or a core while a busy machine,
    or an abandoned thread still working on an earlier poison pill, holds them. Once
    ``cancelled`` the thread stops before its next message. ``on_done`` runs in the thread
    after each message (the liveness probe's progress).
    """

    def __init__(
        self, handler: Handler, items: list[Item], on_done: Callable[[], None]
    ) -> None:
        self.handler = handler
        self.items = items
        self.on_done = on_done
        self.outcomes: list[Outcome] = []
        self.current: tuple[int, float] = (0, 0.0)
        self.clock: Callable[[], float] | None = None  # the thread's CPU clock, once it runs
        self.cancelled = False

    def cpu_used(self) -> tuple[int, float]:
        """The message in hand and the CPU seconds it has used so far, from one reading of
        ``current`` (0 s before the thread starts)."""
        clock = self.clock
        index, started = self.current
        if clock is None:
            return index, 0.0
        try:
            return index, clock() - started
        except OSError:  # the thread has just ended: its future is done
            return index, 0.0

    def run(self) -> None:
        self.clock = thread_cpu_clock()
        for index, (value, headers, message) in enumerate(self.items):
            if self.cancelled:
                return
            self.current = (index, self.clock())
            started = time.perf_counter()
            try:
                outcome = Outcome(self.handler(value, headers, message), None, 0.0)
            except Exception as exc:  # noqa: BLE001 - the loop turns it into a dead letter
                outcome = Outcome(None, exc, 0.0)
            outcome.seconds = time.perf_counter() - started
            self.outcomes.append(outcome)
            self.on_done()


@dataclass
class StageRunner:
    """One thread per stage, replaced when a message overruns ``limit_seconds`` of CPU time.
    ``on_done`` runs in the thread after each message (the liveness probe's progress)."""

    limit_seconds: float
    on_done: Callable[[], None] = lambda: None
    executors: dict[str, ThreadPoolExecutor] = field(default_factory=dict)

    async def run(self, stage: str, handler: Handler, items: list[Item]) -> list[Outcome]:
        """Run the stage over a batch in this stage's thread, each message under the time limit
        (CPU time of the stage thread, see ``StageBatch``).

        A pure function cannot be interrupted, so when one message overruns the limit its
        thread is abandoned (it keeps the CPU until it returns), that message gets a
        ``StageTimeout`` outcome (a dead letter), and the rest of the batch goes on in a fresh
        thread.
        """
        loop = asyncio.get_running_loop()
        limit = self.limit_seconds
        outcomes: list[Outcome] = []
        while len(outcomes) < len(items):
            executor = self.executors.get(stage)
            if executor is None:
                executor = self.executors[stage] = ThreadPoolExecutor(1, f"khabar-{stage}")
            batch = StageBatch(handler, items[len(outcomes) :], self.on_done)
            future = loop.run_in_executor(executor, batch.run)
            while True:
                index, used = batch.cpu_used()
                if used < limit:
                    # CPU time never runs faster than the wall clock: the limit cannot be
                    # reached before ``limit - used`` seconds from now.
                    wait = max(limit - used, MIN_CHECK_SECONDS)
                    done, _ = await asyncio.wait({future}, timeout=wait)
                    if done:
                        future.result()  # StageBatch.run catches every stage error itself
                        outcomes += batch.outcomes
                        break
                    continue  # the thread may have moved on to the next message meanwhile
                batch.cancelled = True
                executor.shutdown(wait=False, cancel_futures=True)
                del self.executors[stage]
                outcomes += batch.outcomes[:index]
                timeout = StageTimeout(
                    f"{stage} used more than {limit} s of CPU time on one message"
                )
                outcomes.append(Outcome(None, timeout, used))
                break
        return outcomes

    def shutdown(self) -> None:
        for executor in self.executors.values():
            executor.shutdown(wait=False)
        self.executors.clear()
