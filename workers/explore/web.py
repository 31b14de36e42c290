"""The explorer's pages: aiohttp handlers that ask the store (:mod:`query`) and render Jinja2
templates shipped in the package. No JavaScript and no asset from elsewhere; every piece of
article text goes through Jinja2's autoescaping, and the Content-Security-Policy forbids
scripts outright, so an article containing ``<script>`` shows it as text.

Read-only: only GET is routed, and no page changes a topic (the dead-letter page prints the
``khabar dlq replay`` command for a person to run).
"""

from __future__ import annotations

import shlex
from collections.abc import Awaitable, Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

import pycountry
from aiohttp import web
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from workers import __version__
from workers.explore import query
from workers.explore.annotate import annotate
from workers.explore.follow import FollowStatus
from workers.explore.query import BadRequest, Filters
from workers.explore.store import Store
from workers.record import article_text

MAX_REQUEST_BYTES = 16 * 1024  # GET only: nothing legitimate sends a body
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
                               "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
STORE: web.AppKey[Store] = web.AppKey("store", Store)
STATUS: web.AppKey[FollowStatus] = web.AppKey("status", FollowStatus)
TEMPLATES: web.AppKey[Environment] = web.AppKey("templates", Environment)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def country_name(code: str | None) -> str:
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code)
    return str(country.name) if country else code


def templates() -> Environment:
    environment = Environment(
        loader=PackageLoader("workers.explore", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(version=__version__, country_name=country_name)
    return environment


def render(request: web.Request, name: str, status: int = 200, **context: Any) -> web.Response:
    app = request.app
    follower = app[STATUS]
    with follower.lock:
        state = {"stored": follower.stored, "refused": follower.refused,
                 "error": follower.last_error, "caught_up": follower.caught_up}
    html = app[TEMPLATES].get_template(name).render(
        follower=state, articles_stored=app[STORE].count("articles"), path=request.path,
        **context,
    )
    return web.Response(text=html, content_type="text/html", status=status)


@web.middleware
async def safety(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Security headers on every answer; a refused query string is a 400 page, not a crash."""
    try:
        response = await handler(request)
    except BadRequest as exc:
        response = render(request, "error.html", status=400, message=str(exc))
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        response = render(request, "error.html", status=exc.status, message=exc.reason)
    response.headers.update(SECURITY_HEADERS)
    return response


async def latest(request: web.Request) -> web.Response:
    filters = Filters.parse({"page": request.query.get("page", "1")})
    page = query.articles(request.app[STORE], filters)
    return render(request, "latest.html", page=page, filters=filters)


async def search(request: web.Request) -> web.Response:
    filters = Filters.parse(dict(request.query))
    page, facets = query.search(request.app[STORE], filters)
    return render(request, "search.html", filters=filters, page=page, facets=facets)


async def article(request: web.Request) -> web.Response:
    store = request.app[STORE]
    article_id = request.match_info["article_id"]
    found = store.article(article_id)
    if found is None:
        raise web.HTTPNotFound()
    text = article_text(found)
    return render(
        request, "article.html", article=found, lines=annotate(found),
        dates=[(d, text[d.start:d.end]) for d in found.dates],
        cluster=store.cluster_of(article_id), filters=Filters(),
    )


async def entities(request: web.Request) -> web.Response:
    store = request.app[STORE]
    period = request.query.get("period", "all")
    if period not in (*query.PERIODS, "all"):
        raise BadRequest(f"period: one of {', '.join([*query.PERIODS, 'all'])}")
    days = query.period_range(store, period)
    columns = [(kind, query.top_entities(store, kind, days)) for kind in query.ENTITY_TYPES]
    return render(request, "entities.html", period=period, periods=[*query.PERIODS, "all"],
                  days=days, columns=columns)


async def dead_letters(request: web.Request) -> web.Response:
    store = request.app[STORE]
    reason = request.query.get("reason", "")[:query.MAX_QUERY_CHARS]
    filters = Filters.parse({"page": request.query.get("page", "1")})
    rows, total = query.dead_letters(store, reason, filters.page)
    reasons = [(r, n, f"khabar dlq replay --reason {shlex.quote(r)}")
               for r, n in query.reasons(store)]
    return render(request, "dead_letters.html", rows=rows, total=total, reason=reason,
                  reasons=reasons, page=filters.page,
                  pages=max(1, -(-total // query.PAGE_SIZE)))


async def status(request: web.Request) -> web.Response:
    """The follower's progress as JSON (for scripts and tests)."""
    follower = request.app[STATUS]
    store = request.app[STORE]
    with follower.lock:
        body = {"stored": follower.stored, "refused": follower.refused,
                "caught_up": follower.caught_up, "partitions": follower.partitions,
                "last_error": follower.last_error}
    body.update({table: store.count(table) for table in ("articles", "clusters",
                                                          "dead_letters")})
    return web.json_response(body)


def create_app(database: Path, follower: FollowStatus) -> web.Application:
    """The explorer's web application over the database the follower writes."""
    app = web.Application(middlewares=[safety], client_max_size=MAX_REQUEST_BYTES)
    app[STORE] = Store(database, readonly=True)
    app[STATUS] = follower
    app[TEMPLATES] = templates()
    app.router.add_get("/", latest)
    app.router.add_get("/search", search)
    app.router.add_get("/article/{article_id}", article)
    app.router.add_get("/entities", entities)
    app.router.add_get("/dead-letters", dead_letters)
    app.router.add_get("/status.json", status)
    app.router.add_static("/static", Path(str(files("workers.explore") / "static")))

    async def close_store(app: web.Application) -> None:
        app[STORE].close()

    app.on_cleanup.append(close_store)
    return app
