"""The schedules endpoints: POST/GET/DELETE /schedules, scoped like jobs (a user sees and
deletes their own; admin all). The scheduler service fires what is stored here."""

import time
import uuid
from typing import Any

from aiohttp import web
from pydantic import Field, ValidationError

from services.gateway.access import require
from services.gateway.auth import READ, WRITE, Principal
from services.gateway.errors import ApiError
from services.gateway.intake import field_errors, loads
from services.gateway.jobs_api import read_body
from services.gateway.resources import gateway
from shared import profiles
from shared.schedules.model import Schedule, ScheduleSpec
from shared.schedules.store import ScheduleStore, schedules_for
from shared.schedules.timing import next_tick

ONE = "/schedules/{schedule_id:[A-Za-z0-9_-]{1,64}}"


def install(app: web.Application) -> None:
    # Profiles are read here, with the app: a bad profiles file fails the start (ConfigError),
    # not the first job that names a profile.
    profiles.configured()
    app.router.add_post("/schedules", create_schedule, name="create_schedule")
    app.router.add_get("/schedules", list_schedules, name="list_schedules")
    app.router.add_get(ONE, get_schedule, name="get_schedule")
    app.router.add_delete(ONE, delete_schedule, name="delete_schedule")


def store(request: web.Request) -> ScheduleStore:
    return schedules_for(gateway(request).state)


class ScheduleView(Schedule):
    """A schedule as the API shows it: its definition and how its ticks went."""

    next_at: float | None = Field(description="Epoch seconds of the next tick; null: disabled.")
    last_tick: float | None = Field(description="Epoch seconds of the last tick fired.")
    last_job_id: str | None = Field(description="The job the last tick made.")
    last_error: str | None = Field(description="Why the last tick made no job.")


async def view(s: Schedule, st: ScheduleStore, now: float) -> dict[str, Any]:
    status = await st.status(s.id)
    last = status.get("last_tick")
    shown = ScheduleView(
        **s.model_dump(),
        next_at=next_tick(s.cron, s.timezone, now) if s.enabled else None,
        last_tick=float(last) if last else None,
        last_job_id=status.get("last_job_id") or None,
        last_error=status.get("last_error") or None,
    )
    return shown.model_dump(mode="json")


def check(doc: object, principal: Principal) -> ScheduleSpec:
    if not isinstance(doc, dict):
        raise ApiError(422, "validation_failed", "the body must be a JSON object")
    try:
        spec = ScheduleSpec.model_validate(doc)
    except ValidationError as e:
        msg = "the schedule is invalid"
        raise ApiError(422, "validation_failed", msg, details=field_errors(e)) from None
    if spec.topics_file is not None and not principal.admin:
        raise ApiError(403, "insufficient_scope", "topics_file reads a server file: admin only")
    known = profiles.configured()
    if spec.profile is not None and spec.profile not in known:
        unknown = str(profiles.UnknownProfile(spec.profile, sorted(known)))
        detail = {"field": "profile", "rule": "unknown_profile", "message": unknown}
        raise ApiError(422, "validation_failed", unknown, details=[detail])
    return spec


async def create_schedule(request: web.Request) -> web.Response:
    principal, gw = require(request, WRITE), gateway(request)
    limit = gw.settings.gateway_max_body_bytes
    spec = check(loads(await read_body(request, limit), limit), principal)
    s = Schedule.model_validate(
        {
            **spec.model_dump(),
            "id": spec.id or "s" + uuid.uuid4().hex[:15],
            "owner": principal.subject,
            "created_at": time.time(),
        }
    )
    st = store(request)
    if not await st.add(s):
        raise ApiError(409, "schedule_exists", f"a schedule {s.id!r} exists; pick another id")
    url = f"/schedules/{s.id}"
    body = await view(s, st, time.time())
    return web.json_response(body, status=201, headers={"Location": url})


async def list_schedules(request: web.Request) -> web.Response:
    principal, st, now = require(request, READ), store(request), time.time()
    mine = [s for s in await st.all() if principal.admin or s.owner == principal.subject]
    return web.json_response({"items": [await view(s, st, now) for s in mine]})


async def load_schedule(request: web.Request, principal: Principal) -> Schedule:
    schedule_id = request.match_info["schedule_id"]
    s = await store(request).get(schedule_id)
    if s is None:
        raise ApiError(404, "not_found", f"no schedule {schedule_id}")
    if not principal.admin and s.owner != principal.subject:
        raise ApiError(403, "forbidden", "this schedule belongs to another user")
    return s


async def get_schedule(request: web.Request) -> web.Response:
    s = await load_schedule(request, require(request, READ))
    return web.json_response(await view(s, store(request), time.time()))


async def delete_schedule(request: web.Request) -> web.Response:
    s = await load_schedule(request, require(request, WRITE))
    if s.source == "file":
        msg = "this schedule comes from the schedules file; remove it there"
        raise ApiError(409, "schedule_from_file", msg)
    await store(request).delete(s.id)
    return web.Response(status=204)
