"""Operational endpoints: liveness, readiness, Prometheus metrics, the OpenAPI and AsyncAPI
documents."""

import asyncio
from collections.abc import Awaitable, Callable

import structlog
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from services.gateway.metrics import JOBS
from services.gateway.openapi import spec
from services.gateway.resources import gateway
from services.gateway.views import Health, Ready, dump
from shared import asyncapi

log = structlog.get_logger("gateway")
CHECK_TIMEOUT_S = 2.0


async def health(request: web.Request) -> web.Response:
    return web.json_response(dump(Health(status="ok")))


async def _check(name: str, probe: Callable[[], Awaitable[bool]]) -> str:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S):
            return "ok" if await probe() else "failed"
    except TimeoutError:
        return "timeout"
    except Exception as e:  # the reason goes to the log, not to an unauthenticated caller
        log.warning("ready.check_failed", check=name, error=f"{type(e).__name__}: {e}")
        return "failed"


async def ready(request: web.Request) -> web.Response:
    gw = gateway(request)
    probes = {"rabbitmq": gw.bus.ping, "redis": gw.state.ping, "storage": gw.storage.ping}
    results = await asyncio.gather(*(_check(n, p) for n, p in probes.items()))
    checks = dict(zip(probes, results, strict=True))
    ok = all(r == "ok" for r in results)
    body = Ready(status="ready" if ok else "unready", checks=checks)
    return web.json_response(dump(body), status=200 if ok else 503)


async def metrics(request: web.Request) -> web.Response:
    try:
        for group, n in (await gateway(request).state.status_counts()).items():
            JOBS.labels(group).set(n)
    except Exception as e:  # metrics still answer when Redis does not
        log.warning("metrics.jobs_unavailable", error=str(e))
    body = await asyncio.to_thread(generate_latest, REGISTRY)
    resp = web.Response(body=body)
    resp.content_type = CONTENT_TYPE_LATEST.split(";")[0]
    resp.charset = "utf-8"
    return resp


async def openapi(request: web.Request) -> web.Response:
    return web.json_response(spec())


async def asyncapi_doc(request: web.Request) -> web.Response:
    """The bus's contract (ingress, events, stage queues): what n8n sends and receives."""
    return web.json_response(asyncapi.spec())
