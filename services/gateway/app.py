"""build_app: the gateway's aiohttp application over a connected bus, a state store, storage.

The caller owns the bus, state and storage (connects them first, closes them after); the app
owns its ingress consumer and its open SSE streams.
"""

import asyncio
from collections.abc import AsyncIterator

import structlog
from aiohttp import web

from services.gateway import (
    approval_api,
    dlq_api,
    files_api,
    jobs_api,
    ops,
    redo_api,
    review_link_api,
    schedules_api,
    sse,
    studio,
)
from services.gateway.access import auth_middleware
from services.gateway.active import ActiveJobs, MemoryActiveJobs, RedisActiveJobs
from services.gateway.auth import Verifier
from services.gateway.config import GatewaySettings
from services.gateway.errors import json_errors
from services.gateway.headers import cors, secure
from services.gateway.heads import PARSER_ARGS, bounded_head
from services.gateway.ingress import STAGE, Ingress
from services.gateway.jwt_keys import key_ring
from services.gateway.observe import observe, timeout
from services.gateway.ratelimit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from services.gateway.resources import GATEWAY, Gateway
from services.gateway.throttle import rate_limit
from shared.providers.options import offers
from shared.runtime.bus import Bus
from shared.safety.intake import warm_up
from shared.state.base import StateStore
from shared.state.redis import RedisState
from shared.storage.base import Storage

log = structlog.get_logger("gateway")
JOB = "/jobs/{job_id:[A-Za-z0-9_-]{1,64}}"


def verifier_for(s: GatewaySettings) -> Verifier | None:
    if s.auth_disabled:
        log.warning("auth.disabled", subject="anonymous")
        return None
    secret = s.auth_hs256_secret.get_secret_value() if s.auth_hs256_secret else None
    ring = key_ring(secret, s.auth_public_key_file, s.auth_jwks_file)
    return Verifier(ring, audience=s.auth_audience, issuer=s.auth_issuer, leeway_s=s.auth_leeway_s)


def limits_for(state: StateStore) -> tuple[RateLimiter, ActiveJobs]:
    """Limits live where the job state lives: shared by every gateway on Redis."""
    if isinstance(state, RedisState):
        return RedisRateLimiter(state.r), RedisActiveJobs(state.r)
    return MemoryRateLimiter(), MemoryActiveJobs(state)


def add_routes(app: web.Application) -> None:
    r = app.router
    r.add_post("/jobs", jobs_api.create_job, name="create_job")
    r.add_get("/jobs", jobs_api.list_jobs, name="list_jobs")
    r.add_get(JOB, jobs_api.get_job, name="get_job")
    r.add_post(JOB + "/cancel", jobs_api.cancel_job, name="cancel_job")
    r.add_get(JOB + "/events", sse.job_events, name="job_events")
    r.add_get(JOB + files_api.FILE, files_api.job_file, name="job_file")
    r.add_get("/health", ops.health, name="health")
    r.add_get("/ready", ops.ready, name="ready")
    r.add_get("/metrics", ops.metrics, name="metrics")
    r.add_get("/openapi.json", ops.openapi, name="openapi")
    r.add_get("/asyncapi.json", ops.asyncapi_doc, name="asyncapi")
    schedules_api.install(app)
    redo_api.install(app)
    approval_api.install(app)
    review_link_api.install(app)
    dlq_api.install(app)
    studio.install(app)


async def _ingress(app: web.Application) -> AsyncIterator[None]:
    gw = app[GATEWAY]
    prefetch = gw.settings.gateway_ingress_prefetch
    ingress = Ingress(gw.bus, gw.state, gw.settings, gw.storage, gw.offered)
    consumer = await gw.bus.consume(STAGE, ingress, prefetch)
    log.info("ingress.consuming", prefetch=prefetch)
    yield
    await consumer.stop()


async def _warm_topic_judge(app: web.Application) -> None:
    # The offline judge loads ~90 MB once; at start, off the loop, not in the first request.
    await asyncio.to_thread(warm_up)


async def _end_streams(app: web.Application) -> None:
    for queue in list(app[GATEWAY].streams):
        while queue.full():  # the end marker must get in, even past a slow client's backlog
            queue.get_nowait()
        queue.put_nowait(None)


def build_app(
    settings: GatewaySettings, bus: Bus, state: StateStore, storage: Storage
) -> web.Application:
    limiter, active = limits_for(state)
    s = settings
    middlewares = [
        observe,
        *([cors(s.gateway_cors_origins)] if s.gateway_cors_origins else []),
        json_errors,
        bounded_head(s.gateway_max_header_bytes),
        timeout(s.gateway_request_timeout_s),
        auth_middleware(verifier_for(s)),
        rate_limit(limiter, s),
    ]
    app = web.Application(
        middlewares=middlewares, client_max_size=s.gateway_max_body_bytes, handler_args=PARSER_ARGS
    )
    app[GATEWAY] = Gateway(s, bus, state, storage, active, offers())
    app.on_response_prepare.append(secure)
    app.on_startup.append(_warm_topic_judge)
    app.on_shutdown.append(_end_streams)
    if s.gateway_ingress:
        app.cleanup_ctx.append(_ingress)
    add_routes(app)
    return app
