"""The approval gate over HTTP: read a paused job's story, approve it, edit scenes (judged
again by the filter), reject it; and the sweep that fails jobs nobody approved in time.
The actions themselves live in shared.review, which the CLI calls too."""

import asyncio
import contextlib
from collections.abc import AsyncIterator

import structlog
from aiohttp import web
from pydantic import ValidationError

from services.gateway.access import ensure_owner, require
from services.gateway.auth import READ, WRITE
from services.gateway.errors import ApiError
from services.gateway.intake import field_errors, loads
from services.gateway.jobs_api import read_body
from services.gateway.jobview import summary
from services.gateway.resources import GATEWAY, gateway, load_job
from services.gateway.views import RejectBody, StoryScene, StoryView, dump
from shared import review
from shared.codec import wrap
from shared.state.base import JobRecord

log = structlog.get_logger("gateway")
JOB = "/jobs/{job_id:[A-Za-z0-9_-]{1,64}}"


def install(app: web.Application) -> None:
    app.router.add_get(JOB + "/story", get_story, name="get_story")
    app.router.add_post(JOB + "/story", edit_story, name="edit_story")
    app.router.add_post(JOB + "/approve", approve_job, name="approve_job")
    app.router.add_post(JOB + "/reject", reject_job, name="reject_job")
    app.cleanup_ctx.append(_sweeper)


async def _owned(request: web.Request, scope: str) -> tuple[str, JobRecord]:
    principal = require(request, scope)
    job = await load_job(request)
    ensure_owner(principal, job)
    return principal.subject, job


def _not_paused(e: review.NotPaused) -> ApiError:
    return ApiError(409, "not_awaiting_approval", str(e))


async def _answer(request: web.Request, job_id: str, status: int) -> web.Response:
    now = await gateway(request).state.get(job_id)
    if now is None:
        raise ApiError(404, "not_found", f"no job {job_id}")
    return web.json_response(dump(summary(now)), status=status)


async def get_story(request: web.Request) -> web.Response:
    _, job = await _owned(request, READ)
    story = await review.stored_story(gateway(request).storage, job.job_id)
    if story is None:
        raise ApiError(404, "no_story", "the job has no story that passed the filter yet")
    scenes = [
        StoryScene(index=s.index, narration=s.narration, image_prompt=s.image_prompt)
        for s in story.scenes
    ]
    return web.json_response(dump(StoryView(job_id=job.job_id, title=story.title, scenes=scenes)))


async def approve_job(request: web.Request) -> web.Response:
    who, job = await _owned(request, WRITE)
    gw = gateway(request)
    try:
        await review.approve(gw.bus, gw.state, gw.storage, job, by=who)
    except review.NotPaused as e:
        raise _not_paused(e) from None
    return await _answer(request, job.job_id, 202)


async def edit_story(request: web.Request) -> web.Response:
    who, job = await _owned(request, WRITE)
    gw = gateway(request)
    limit = gw.settings.gateway_max_body_bytes
    try:
        change = review.StoryEdit.model_validate(loads(await read_body(request, limit), limit))
        await review.edit(gw.bus, gw.state, gw.storage, job, change, by=who)
    except ValidationError as e:
        msg = "the edit is invalid"
        raise ApiError(422, "validation_failed", msg, details=field_errors(e)) from None
    except review.NotPaused as e:
        raise _not_paused(e) from None
    except ValueError as e:
        raise ApiError(422, "validation_failed", str(e)) from None
    return await _answer(request, job.job_id, 202)


async def reject_job(request: web.Request) -> web.Response:
    who, job = await _owned(request, WRITE)
    gw = gateway(request)
    reason = None
    if request.can_read_body:
        limit = gw.settings.gateway_max_body_bytes
        try:
            reason = RejectBody.model_validate(loads(await read_body(request, limit), limit)).reason
        except ValidationError as e:
            msg = "the rejection is invalid"
            raise ApiError(422, "validation_failed", msg, details=field_errors(e)) from None
    try:
        await review.reject(gw.state, job, by=who, reason=reason)
    except review.NotPaused as e:
        raise _not_paused(e) from None
    return await _answer(request, job.job_id, 200)


async def _sweep_forever(app: web.Application) -> None:
    gw = app[GATEWAY]
    while True:
        await asyncio.sleep(gw.settings.gateway_approval_sweep_s)
        try:
            for failed in await review.expire_due(gw.state):
                log.info("approval.expired", job_id=failed.job_id)
                await gw.bus.publish(wrap(failed, source="grimreel/gateway"))
        except Exception as e:  # an outage ends one sweep, never the loop
            log.warning("approval.sweep_failed", error=repr(e)[:300])


async def _sweeper(app: web.Application) -> AsyncIterator[None]:
    task = asyncio.create_task(_sweep_forever(app))
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
