"""The messaging ceiling: a Faust app with khabar's exact app, transport and producer settings
(``workers.app.create_app``) and the same five topics, whose four agents only forward the raw
bytes (raw → articles → tagged → dated → enriched). Whatever the real pipeline cannot beat is
the cost of Kafka, Faust and the broker on this machine, not of the stages.

Configured like a worker, from the environment (``KAFKA_BOOTSTRAP_SERVERS``,
``KHABAR_TOPIC_PREFIX``, ``KHABAR_APP_ID``, ``KHABAR_WEB_PORT``…); ``e2e_bench.py`` starts it as
``python benchmarks/passthrough_app.py``.
"""

from __future__ import annotations

import asyncio
import itertools
import sys
from pathlib import Path
from typing import Any

import faust
from faust.types import StreamT
from faust.web import Request, Response, View

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workers.app import create_app
from workers.settings import Settings

HOPS = ("raw", "articles", "tagged", "dated", "enriched")


def forward(source: faust.TopicT, target: faust.TopicT) -> Any:
    async def agent(stream: StreamT[bytes]) -> None:
        async for event in stream.events():
            message = event.message
            await target.send(key=message.key, value=message.value, headers=message.headers)

    return agent


def build(settings: Settings) -> faust.App:
    app = create_app(settings, settings.bootstrap_servers or "")
    topics = [
        app.topic(settings.topic(hop), key_type=bytes, value_type=bytes, key_serializer="raw",
                  value_serializer="raw", partitions=settings.partitions)
        for hop in HOPS
    ]
    for source, target in itertools.pairwise(topics):
        name = f"forward-{source.get_topic_name().rsplit('.', 1)[-1]}"
        app.agent(source, name=name)(forward(source, target))

    @app.page("/readyz")
    async def readyz(web: View, request: Request) -> Response:
        try:
            ready = bool(app.consumer.assignment()) and app.producer.started
        except Exception:  # noqa: BLE001 - not started yet
            ready = False
        return web.json({"ok": ready}, status=200 if ready else 503)

    return app


def main() -> None:
    try:
        import uvloop  # noqa: PLC0415 - optional, as in the worker

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    except ImportError:  # pragma: no cover
        pass
    settings = Settings()
    app = build(settings)
    from faust.worker import Worker  # noqa: PLC0415

    Worker(app, loglevel=settings.log_level, quiet=True, redirect_stdouts=False,
           override_logging=False, console_port=0).execute_from_commandline()


if __name__ == "__main__":
    main()
