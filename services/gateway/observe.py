"""Per request: an id, a structlog access event, Prometheus counts; and the request timeout."""

import asyncio
import re
import time
import uuid

import structlog
from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from services.gateway.errors import ApiError
from services.gateway.metrics import LATENCY, REQUESTS

log = structlog.get_logger("gateway")
STREAMING_ROUTES = frozenset({"job_events"})
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def route_of(request: web.Request) -> str:
    # The route template, not the path: job ids must not explode the metric's label set.
    info = request.match_info.route.resource
    return info.canonical if info is not None else "unmatched"


@web.middleware
async def observe(request: web.Request, handler: Handler) -> web.StreamResponse:
    given = request.headers.get("X-Request-ID", "")
    rid = given if _SAFE_ID.match(given) else uuid.uuid4().hex
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=rid)
    route, t0, status = route_of(request), time.perf_counter(), 500
    try:
        response = await handler(request)
        status = response.status
        response.headers["X-Request-ID"] = rid
        return response
    finally:
        took = time.perf_counter() - t0
        REQUESTS.labels(route, str(status)).inc()
        if request.match_info.route.name not in STREAMING_ROUTES:
            LATENCY.labels(route).observe(took)
        log.info(
            "http.request",
            method=request.method,
            route=route,
            status=status,
            ms=round(took * 1000, 2),
        )


def timeout(seconds: float) -> Middleware:
    @web.middleware
    async def limit_time(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.match_info.route.name in STREAMING_ROUTES:
            return await handler(request)  # SSE lives as long as the job; heartbeats watch it
        try:
            async with asyncio.timeout(seconds):
                return await handler(request)
        except TimeoutError:
            raise ApiError(
                503,
                "timeout",
                f"the request took longer than {seconds:g}s; retry later",
                headers={"Retry-After": "1"},
            ) from None

    return limit_time
