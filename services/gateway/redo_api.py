"""POST /jobs/{id}/redo: a new job made from a completed one of the caller's. It makes one
scene's picture and/or voice again (or nothing: the parent's assets rendered again, e.g. the
full video of a preview) and takes every other asset from the parent (shared/redo.py)."""

import asyncio
import hashlib
import json

from aiohttp import web
from pydantic import ValidationError

from services.gateway.access import ensure_owner, require
from services.gateway.admission import claim, not_queued
from services.gateway.auth import WRITE
from services.gateway.errors import ApiError
from services.gateway.intake import check_key, field_errors, loads
from services.gateway.jobs_api import read_body, slot_reserver
from services.gateway.metrics import SUBMITTED
from services.gateway.resources import gateway, load_job
from services.gateway.views import JobAccepted, dump, links
from shared.jobs import new_job_id
from shared.messages.job import JobSpec
from shared.redo import Derived, RedoRefused, RedoRequest, check_assets, derive, read_story
from shared.redo import submit_derived as submit
from shared.state.base import JobRecord
from shared.storage.base import Storage

PATH = "/jobs/{job_id:[A-Za-z0-9_-]{1,64}}/redo"


def install(app: web.Application) -> None:
    app.router.add_post(PATH, redo_job, name="redo_job")


def parse(doc: object) -> RedoRequest:
    if not isinstance(doc, dict):
        raise ApiError(422, "validation_failed", "the body must be a JSON object")
    try:
        return RedoRequest.model_validate(doc)
    except ValidationError as e:
        msg = "the redo request is invalid"
        raise ApiError(422, "validation_failed", msg, details=field_errors(e)) from None


async def plan(storage: Storage, parent_id: str, spec: JobSpec, ask: RedoRequest) -> Derived:
    """The child job; 409 when the parent's files are gone, 422 for a scene it does not have."""
    try:
        derived = derive(parent_id, spec, await read_story(storage, parent_id), ask)
        await check_assets(storage, derived.spec)
    except RedoRefused as e:
        raise ApiError(409 if e.code == "parent_assets_gone" else 422, e.code, str(e)) from None
    return derived


async def redo_job(request: web.Request) -> web.Response:
    principal, gw = require(request, WRITE), gateway(request)
    limit = gw.settings.gateway_max_body_bytes
    ask = parse(loads(await read_body(request, limit) or b"{}", limit))
    key = check_key(request.headers.get("Idempotency-Key"))
    parent = await load_job(request)
    ensure_owner(principal, parent)
    job_id = new_job_id()
    if key is not None:
        # a redo retried after a lost answer gets the job it made, even once the parent's
        # files are gone or the bus is down; a key is per owner, as for POST /jobs
        job_id, existing = await claim(
            gw.state, principal.subject, key, _print(parent.job_id, ask), job_id
        )
        if existing is not None:
            return _accepted(existing, 200)
    if parent.status != "completed":
        msg = f"the job is {parent.status}; only a completed job can be redone"
        raise ApiError(409, "job_not_completed", msg)
    if not await gw.bus.ping():
        raise ApiError(503, "unavailable", "the message bus is down; retry later")
    derived = await plan(gw.storage, parent.job_id, JobSpec.model_validate(parent.spec), ask)
    release = await slot_reserver(gw, principal.subject)(job_id)
    made = submit(
        gw.bus, gw.state, derived, job_id=job_id, owner=principal.subject, idempotency_key=key
    )
    try:  # shielded: a client that goes away must not cut the record from its first message
        job = await asyncio.shield(made)
    except Exception as e:
        await not_queued(gw.state, job_id, e, release)
        raise ApiError(503, "unavailable", "the job could not be queued; retry later") from e
    SUBMITTED.labels("redo").inc()
    return _accepted(job, 202)


def _print(parent_id: str, ask: RedoRequest) -> str:
    """The redo's fingerprint: its parent and what it asks, whatever the body's key order. A
    redo drawing a fresh random seed is the same request when retried."""
    asked = json.dumps([parent_id, ask.model_dump(mode="json")], sort_keys=True)
    return "redo-" + hashlib.sha256(asked.encode()).hexdigest()


def _accepted(job: JobRecord, status: int) -> web.Response:
    body = JobAccepted(job_id=job.job_id, status=job.status, links=links(job.job_id))
    return web.json_response(dump(body), status=status, headers={"Location": body.links.self})
