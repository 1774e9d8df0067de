"""The jobs endpoints: submit, read, list, cancel."""

import asyncio
from collections.abc import Awaitable, Callable

from aiohttp import web

from services.gateway.access import ensure_owner, require
from services.gateway.admission import Reserve, accept
from services.gateway.auth import READ, WRITE
from services.gateway.errors import ApiError
from services.gateway.intake import check_key, parse
from services.gateway.jobview import job_view, summary
from services.gateway.listing import page
from services.gateway.metrics import REJECTED, SUBMITTED
from services.gateway.resources import Gateway, gateway, load_job
from services.gateway.views import JobAccepted, dump, links
from shared.lifecycle import cancel


async def read_body(request: web.Request, limit: int) -> bytes:
    ctype = request.content_type
    if ctype != "application/json" and not ctype.endswith("+json"):
        raise ApiError(415, "unsupported_media_type", "send Content-Type: application/json")
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, "body_too_large", f"the body may be at most {limit} bytes")
    return await request.read()  # aiohttp stops at client_max_size (chunked bodies too)


def slot_reserver(gw: Gateway, subject: str) -> Reserve:
    async def reserve(job_id: str) -> Callable[[], Awaitable[None]]:
        limit = gw.settings.gateway_max_active_jobs
        if not await gw.active.reserve(subject, job_id, limit):
            REJECTED.labels("http", "active_limit").inc()
            raise ApiError(
                429,
                "too_many_active_jobs",
                f"you have {limit} unfinished jobs; wait for one to end or cancel one",
                headers={"Retry-After": "10"},
            )
        return lambda: gw.active.release(subject, job_id)

    return reserve


async def create_job(request: web.Request) -> web.Response:
    principal, gw = require(request, WRITE), gateway(request)
    if not await gw.bus.ping():
        raise ApiError(503, "unavailable", "the message bus is down; retry later")
    limit = gw.settings.gateway_max_body_bytes
    raw = await read_body(request, limit)
    # Off the loop: the topic is judged by the offline judge (an encoder pass, ~10-30 ms).
    req = await asyncio.to_thread(parse, raw, limit, gw.offered)
    key = check_key(request.headers.get("Idempotency-Key"))
    done = await accept(
        gw.bus,
        gw.state,
        req,
        owner=principal.subject,
        key=key,
        reserve=slot_reserver(gw, principal.subject),
    )
    job = done.job
    if done.created:
        SUBMITTED.labels("http").inc()
    body = JobAccepted(job_id=job.job_id, status=job.status, links=links(job.job_id))
    return web.json_response(
        dump(body), status=202 if done.created else 200, headers={"Location": body.links.self}
    )


async def get_job(request: web.Request) -> web.Response:
    principal, gw = require(request, READ), gateway(request)
    # Both reads at once (two round trips in parallel); the timeline is shown only after
    # the ownership check.
    job, timeline = await asyncio.gather(
        load_job(request), gw.state.timeline(request.match_info["job_id"])
    )
    ensure_owner(principal, job)
    view = await job_view(job, timeline, gw.storage, gw.settings.url_expiry_s)
    return web.json_response(dump(view))


async def list_jobs(request: web.Request) -> web.Response:
    principal = require(request, READ)
    return web.json_response(dump(await page(request, gateway(request).state, principal)))


async def cancel_job(request: web.Request) -> web.Response:
    principal, gw = require(request, READ), gateway(request)
    job = await load_job(request)
    ensure_owner(principal, job)
    if job.final or not await cancel(gw.state, job.job_id, by=principal.subject):
        now = await gw.state.get(job.job_id) or job
        raise ApiError(409, "job_final", f"the job is {now.status} already; nothing to cancel")
    cancelled = await gw.state.get(job.job_id) or job
    return web.json_response(dump(summary(cancelled)))
