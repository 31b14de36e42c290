"""Running the explorer: the store, the follower thread and the web server, stopped together."""

from __future__ import annotations

import logging
from pathlib import Path

from aiohttp import web

from workers.explore.follow import Follower
from workers.explore.store import Store
from workers.explore.web import create_app
from workers.settings import Settings

log = logging.getLogger(__name__)


def serve(settings: Settings, bootstrap_servers: str, database: Path, host: str,
          port: int) -> None:
    """Follow the topics into ``database`` and serve the pages on ``host:port`` until SIGINT
    or SIGTERM."""
    store = Store(database)  # creates the tables before the pages open it read-only
    follower = Follower(settings, bootstrap_servers, store)
    app = create_app(database, follower.status)

    async def start_following(_: web.Application) -> None:
        follower.start()

    async def stop_following(_: web.Application) -> None:
        follower.stop()
        store.close()

    app.on_startup.append(start_following)
    app.on_shutdown.append(stop_following)
    log.info("khabar explore on http://%s:%d/ (database %s)", host, port, database)
    web.run_app(app, host=host, port=port, print=lambda message: None, access_log=None)
