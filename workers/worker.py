"""One worker process: the Faust app, its agents, the web endpoints and the lag timer."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from typing import Any, NoReturn, cast

import faust
from faust.transport.consumer import Consumer as FaustConsumer
from faust.types import TP
from faust.web import Request, Response, View
from prometheus_client import CONTENT_TYPE_LATEST

from workers.agents import Glue, register_agents
from workers.app import create_app
from workers.cluster_agents import CLUSTER_INPUTS, register_cluster_agents
from workers.health import PartitionKey, Progress
from workers.metrics import Metrics
from workers.settings import Settings
from workers.stages.chain import CHAIN
from workers.stages.pipeline import warm_up
from workers.topics import check_routed_partitions, create_topics

log = logging.getLogger(__name__)

LAG_INTERVAL_SECONDS = 1.0
PROBE_INTERVAL_SECONDS = 2.0


class BrokerProbe:
    """Whether any bootstrap server accepts a TCP connection. The Kafka clients retry quietly
    for a long time when the cluster goes away; readiness must say so at once. A change is
    logged once ("brokers unreachable", "brokers reachable again")."""

    def __init__(self, bootstrap_servers: str, timeout: float = 1.0) -> None:
        self.addresses = [
            (host, int(port))
            for host, _, port in (s.strip().rpartition(":") for s in bootstrap_servers.split(","))
            if host and port.isdigit()
        ]
        self.timeout = timeout
        self.ok = True

    async def check(self) -> None:
        for host, port in self.addresses:
            try:
                _, writer = await asyncio.wait_for(
                    asyncio.open_connection(host, port), self.timeout
                )
            except (OSError, TimeoutError):
                continue
            writer.close()
            self._set(ok=True)
            return
        self._set(ok=False)

    def _set(self, ok: bool) -> None:
        if ok != self.ok:
            log.warning("brokers %s", "reachable again" if ok else "unreachable")
        self.ok = ok


def build_worker_app(
    settings: Settings, bootstrap_servers: str, metrics: Metrics | None = None
) -> tuple[faust.App, Glue]:
    """The app with agents, probes, metrics page and lag timer wired in."""
    app = create_app(settings, bootstrap_servers)
    metrics = metrics or Metrics.create()
    progress = Progress(metrics=metrics, stall_seconds=settings.stall_seconds)
    glue = Glue(app, settings, metrics, progress)
    register_agents(glue)
    clusters = register_cluster_agents(glue, bootstrap_servers)

    @app.page("/metrics")
    async def metrics_page(web: View, request: Request) -> Response:
        # aiohttp refuses a charset inside content_type, so the full header goes in headers.
        return web.bytes(metrics.exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    @app.page("/livez")
    async def livez(web: View, request: Request) -> Response:
        ok, detail = progress.live()
        return web.json({"ok": ok, "detail": detail}, status=200 if ok else 503)

    @app.page("/startupz")
    async def startupz(web: View, request: Request) -> Response:
        ok, detail = progress.started_up()
        return web.json({"ok": ok, "detail": detail}, status=200 if ok else 503)

    reachable = BrokerProbe(bootstrap_servers)

    @app.page("/readyz")
    async def readyz(web: View, request: Request) -> Response:
        # Asked here, not only by the timer: Faust starts timers once table recovery is done,
        # and a broker lost during recovery would otherwise leave readiness saying "ready".
        await reachable.check()
        ok, detail = progress.ready(connected=reachable.ok and _connected(app))
        return web.json({"ok": ok, "detail": detail}, status=200 if ok else 503)

    @app.timer(PROBE_INTERVAL_SECONDS)  # type: ignore[untyped-decorator]
    async def probe_brokers() -> None:
        await reachable.check()  # logs the change even when nobody asks /readyz

    @app.timer(LAG_INTERVAL_SECONDS)  # type: ignore[untyped-decorator]
    async def update_lag() -> None:
        consumer = app.consumer

        def highwater(key: PartitionKey) -> int | None:
            try:
                mark = consumer.highwater(TP(key.topic, key.partition))
            except Exception:  # noqa: BLE001 - no fetch yet, or mid-rebalance
                return None
            return int(mark) if mark is not None else None

        def committed(key: PartitionKey) -> int | None:
            # Faust keeps the group's committed offsets: read when a partition is assigned
            # (before it seeks there) and updated on each of its commits. No broker round trip.
            offsets = cast(FaustConsumer, consumer)._committed_offset
            offset = offsets.get(TP(key.topic, key.partition))
            return int(offset) if offset is not None else None

        progress.update_lag(highwater, committed)
        clusters.update_gauges()

    # The topics the agents consume; Faust also assigns its own internal ones (table changelog,
    # assignor), which have no lag of ours to report.
    consumed = [stage.consumes for stage in CHAIN] + list(CLUSTER_INPUTS)
    stage_topics = {settings.topic(s) for s in consumed}

    @app.on_partitions_assigned.connect  # type: ignore[arg-type]
    async def on_assigned(sender: Any, assigned: set[TP], **kwargs: Any) -> None:
        # Sent by Faust once per completed rebalance with the new assignment.
        metrics.rebalances.inc()
        progress.set_assignment(
            PartitionKey(tp.topic, tp.partition) for tp in assigned if tp.topic in stage_topics
        )
        log.info("assigned %d partitions", len(progress.assigned))

    return app, glue


def _connected(app: faust.App) -> bool:
    try:
        return bool(app.producer.started) and bool(app.consumer.started)
    except Exception:  # noqa: BLE001 - not started yet
        return False


def run_worker(settings: Settings, bootstrap_servers: str) -> NoReturn:
    """Run until SIGTERM/SIGINT; Faust finishes in-flight events and commits before exiting."""
    try:
        import uvloop  # noqa: PLC0415 - optional accelerator

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    except ImportError:  # pragma: no cover - platforms without uvloop
        pass
    created = create_topics(settings, bootstrap_servers)
    if created:
        log.info("created topics: %s", ", ".join(created))
    check_routed_partitions(settings, bootstrap_servers)
    # The native language detector parallelises batches over every core unless told not to;
    # a worker already gets its parallelism from partitions and more worker processes.
    os.environ.setdefault("RAYON_NUM_THREADS", "1")
    started = time.perf_counter()
    warm_up()
    log.info("stages warmed up in %.2f s", time.perf_counter() - started)
    app, _ = build_worker_app(settings, bootstrap_servers)
    from faust.worker import Worker  # noqa: PLC0415 - only where a worker really runs

    worker = Worker(
        app,
        loglevel=settings.log_level,
        quiet=True,
        redirect_stdouts=False,
        override_logging=False,
        console_port=0,
    )
    if not sys.stdout.isatty():
        # Faust's start-up spinner writes cursor escape codes (ESC[?25h) even into a file or
        # a log pipeline; only a terminal wants it.
        worker.spinner = None
    worker.execute_from_commandline()
