"""An input is acknowledged only once the broker has every record sent for it.

The delivery reports are real asyncio futures, resolved or failed the way the producer does;
the stream's acknowledgement is recorded instead of reaching a consumer, and the Faust app is
real (not started), so a failed delivery crashes it as it would a running worker.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import faust
import pytest

from workers.agents import WaitingBatches
from workers.errors import DeliveryFailed


def batches_recording(acked: list[Any]) -> tuple[faust.App, WaitingBatches]:
    app = faust.App("khabar-delivery-test", broker="memory://", web_enabled=False)
    batches = WaitingBatches(app, app.channel().stream(), limit=8)

    async def ack(event: Any) -> None:
        acked.append(event)

    batches.manual = SimpleNamespace(ack=ack)  # type: ignore[assignment]
    return app, batches


def test_events_are_acknowledged_after_every_delivery_and_in_order() -> None:
    async def scenario() -> list[list[str]]:
        acked: list[Any] = []
        _, batches = batches_recording(acked)
        loop = asyncio.get_running_loop()
        deliveries = [loop.create_future() for _ in range(3)]
        task = asyncio.ensure_future(batches.ack_delivered(["a", "b"], deliveries))  # type: ignore[list-item]
        seen = []
        for delivery in deliveries:
            await asyncio.sleep(0)
            seen.append(list(acked))
            delivery.set_result(None)
        await task
        return [*seen, acked]

    *before, after = asyncio.run(scenario())
    assert before == [[], [], []]
    assert after == ["a", "b"]


def test_a_failed_delivery_acknowledges_nothing_and_stops_the_worker() -> None:
    async def scenario() -> tuple[list[Any], faust.App, BaseException]:
        acked: list[Any] = []
        app, batches = batches_recording(acked)
        loop = asyncio.get_running_loop()
        good, bad = loop.create_future(), loop.create_future()
        good.set_result(None)
        bad.set_exception(RuntimeError("MessageSizeTooLargeError"))
        with pytest.raises(DeliveryFailed) as raised:
            await batches.ack_delivered(["a", "b"], [good, bad])  # type: ignore[list-item]
        return acked, app, raised.value

    acked, app, error = asyncio.run(scenario())
    assert acked == []
    assert app.crash_reason is error
    assert "MessageSizeTooLargeError" in str(error)
