"""GET /jobs/{id}/events: Server-Sent Events, from a snapshot to the job's final status."""

import asyncio
import contextlib
import json
from typing import Any

import structlog
from aiohttp import web

from services.gateway.access import ensure_owner, require
from services.gateway.auth import READ
from services.gateway.jobview import job_view, summary
from services.gateway.resources import Gateway, gateway, load_job
from services.gateway.views import TimelineEvent, dump
from shared.state.base import TERMINAL, JobRecord, StateStore

log = structlog.get_logger("gateway")
BACKLOG = 256
# The pub/sub subscription starts a moment after the snapshot is read; the first resync,
# this soon, catches anything that slipped between the two.
FIRST_RESYNC_S = 1.0


async def _pump(state: StateStore, job_id: str, queue: asyncio.Queue[Any]) -> None:
    try:
        async for update in state.subscribe(job_id):
            with contextlib.suppress(asyncio.QueueFull):  # a slow client skips; resync repairs
                queue.put_nowait(update)
    except Exception as e:
        log.warning("sse.subscription_lost", job_id=job_id, error=str(e))
        queue.put_nowait(None)


class Stream:
    def __init__(self, resp: web.StreamResponse) -> None:
        self.resp, self.seq = resp, 0

    async def send(self, event: str, data: dict[str, Any]) -> None:
        self.seq += 1
        text = f"id: {self.seq}\nevent: {event}\ndata: {json.dumps(data)}\n\n"
        await self.resp.write(text.encode())

    async def comment(self, text: str) -> None:
        await self.resp.write(f": {text}\n\n".encode())


# The events that end a job. lifecycle sets the final status first (the compare-and-set that
# makes one completion win) and records its event just after: a stream ending in between
# would show a finished job without its "completed" row.
ENDINGS = {"completed", "failed", "cancelled", "rejected", "expired"}
ENDING_WAIT_S, ENDING_POLLS = 0.05, 40


async def _final_timeline(gw: Gateway, job_id: str) -> list[dict[str, Any]]:
    tl = await gw.state.timeline(job_id)
    for _ in range(ENDING_POLLS):
        if any(e.get("event") in ENDINGS for e in tl):
            break
        await asyncio.sleep(ENDING_WAIT_S)
        tl = await gw.state.timeline(job_id)
    return tl


async def _finish(out: Stream, gw: Gateway, job_id: str) -> None:
    job = await gw.state.get(job_id)
    if job is not None:
        tl = await _final_timeline(gw, job_id)
        view = await job_view(job, tl, gw.storage, gw.settings.url_expiry_s)
        await out.send("snapshot", dump(view))
        await out.send("end", {"status": job.status})


async def job_events(request: web.Request) -> web.StreamResponse:
    principal, gw = require(request, READ), gateway(request)
    job = await load_job(request)
    ensure_owner(principal, job)
    queue: asyncio.Queue[Any] = asyncio.Queue(BACKLOG)
    pump = asyncio.create_task(_pump(gw.state, job.job_id, queue))
    gw.streams.add(queue)
    resp = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "X-Accel-Buffering": "no"}
    )
    await resp.prepare(request)
    out = Stream(resp)
    try:
        await resp.write(b"retry: 3000\n\n")
        await _follow(out, gw, job, queue)
    except ConnectionResetError:
        log.info("sse.client_gone", job_id=job.job_id)
    except Exception:
        # Headers are sent: no error response is possible any more, so end the stream
        # (the client reconnects) and keep the reason in the log.
        log.exception("sse.failed", job_id=job.job_id)
    finally:
        pump.cancel()
        gw.streams.discard(queue)
    return resp


async def _follow(out: Stream, gw: Gateway, job: JobRecord, queue: asyncio.Queue[Any]) -> None:
    if job.final:
        await _finish(out, gw, job.job_id)
        return
    tl = await gw.state.timeline(job.job_id)
    await out.send("snapshot", dump(await job_view(job, tl, gw.storage, gw.settings.url_expiry_s)))
    last, wait = summary(job), FIRST_RESYNC_S
    while last.status not in TERMINAL:
        try:
            update = await asyncio.wait_for(queue.get(), wait)
        except TimeoutError:
            await out.comment("keep-alive")  # also how a gone client is noticed
            wait = gw.settings.gateway_sse_heartbeat_s
            fresh = await gw.state.get(job.job_id)
            update = {"job": fresh.model_dump(mode="json")} if fresh else None
        if update is None:  # shutdown, or the subscription broke: the client reconnects
            return
        if "event" in update:
            await out.send("timeline", dump(TimelineEvent.model_validate(update["event"])))
        if "job" in update:
            now = summary(JobRecord.model_validate(update["job"]))
            if now.model_dump(exclude={"updated_at"}) != last.model_dump(exclude={"updated_at"}):
                await out.send("job", dump(now))
            last = now
    await _finish(out, gw, job.job_id)
