"""GET /jobs/{id}/events: a snapshot, then live updates, heartbeats, and an end at final."""

import asyncio
import json
from typing import Any

from tests.gateway.conftest import auth, submit, user


async def read_events(resp, timeout: float = 20.0) -> tuple[list[dict[str, Any]], list[str]]:
    """(events with their parsed data, comment lines) until the `end` event or the close."""
    events: list[dict[str, Any]] = []
    comments: list[str] = []
    current: dict[str, Any] = {}
    async with asyncio.timeout(timeout):
        async for raw in resp.content:
            line = raw.decode().rstrip("\n")
            if line.startswith(":"):
                comments.append(line)
            elif line:
                name, _, value = line.partition(": ")
                current[name] = json.loads(value) if name == "data" else value
            elif "event" in current:
                events.append(current)
                if current["event"] == "end":
                    break
                current = {}
    return events, comments


async def test_the_stream_follows_a_job_from_snapshot_to_completion(gateway) -> None:
    gw, alice = await gateway(pipeline=True), user()
    _, job = await submit(gw, alice)
    resp = await gw.client.get(job["links"]["events"], headers=auth(alice))
    assert resp.status == 200 and resp.headers["Content-Type"] == "text/event-stream"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    events, _ = await read_events(resp)
    kinds = [e["event"] for e in events]
    assert kinds[0] == "snapshot" and kinds[-2:] == ["snapshot", "end"]
    assert "timeline" in kinds
    assert events[-1]["data"] == {"status": "completed"}
    final = events[-2]["data"]
    assert final["status"] == "completed" and final["outputs"]["video"]["url"]
    # Progress only moves forward on the way.
    progress = [e["data"]["progress"] for e in events if e["event"] == "job"]
    assert progress == sorted(progress)
    ids = [int(e["id"]) for e in events]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


async def test_a_final_job_streams_its_snapshot_and_ends(gateway) -> None:
    gw, alice = await gateway(), user()
    _, job = await submit(gw, alice)
    await gw.client.post(job["links"]["cancel"], headers=auth(alice))
    resp = await gw.client.get(job["links"]["events"], headers=auth(alice))
    events, _ = await read_events(resp, timeout=5)
    assert [e["event"] for e in events] == ["snapshot", "end"]
    assert events[1]["data"] == {"status": "cancelled"}


async def test_a_quiet_stream_sends_heartbeats_and_ends_when_cancelled(gateway) -> None:
    gw, alice = await gateway(gateway_sse_heartbeat_s=0.2), user()
    _, job = await submit(gw, alice)  # no stages run: the job stays queued
    resp = await gw.client.get(job["links"]["events"], headers=auth(alice))

    async def cancel_later() -> None:
        await asyncio.sleep(2.0)
        await gw.client.post(job["links"]["cancel"], headers=auth(alice))

    canceller = asyncio.create_task(cancel_later())
    events, comments = await read_events(resp, timeout=10)
    await canceller
    assert len(comments) >= 3 and comments[0] == ": keep-alive"
    assert events[-1]["data"] == {"status": "cancelled"}
    assert [e["data"]["status"] for e in events if e["event"] == "job"] == ["cancelled"]


async def test_shutting_the_server_down_ends_open_streams(gateway) -> None:
    gw, alice = await gateway(memory=True, gateway_sse_heartbeat_s=30), user()
    _, job = await submit(gw, alice)
    resp = await gw.client.get(job["links"]["events"], headers=auth(alice))
    reader = asyncio.create_task(read_events(resp, timeout=10))
    await asyncio.sleep(0.3)
    async with asyncio.timeout(5):
        await gw.client.server.close()  # runs on_shutdown: every stream gets its end marker
    events, _ = await reader
    assert [e["event"] for e in events] == ["snapshot"]


async def test_the_last_snapshot_waits_for_the_event_that_ended_the_job(gateway) -> None:
    """lifecycle sets the final status, then records its event: a stream that sees the status
    in between must still end on a snapshot with the "completed" row (the studio's progress
    view once showed a finished job without it)."""
    from shared import timeline

    gw, alice = await gateway(), user()
    _, job = await submit(gw, alice)
    job_id = job["job_id"]
    assert await gw.state.finish(job_id, "completed", outputs={})  # no event recorded yet

    async def late_event() -> None:
        await asyncio.sleep(0.3)
        await gw.state.record(job_id, timeline.event("notify", timeline.COMPLETED))

    recording = asyncio.create_task(late_event())
    resp = await gw.client.get(job["links"]["events"], headers=auth(alice))
    events, _ = await read_events(resp, timeout=10)
    await recording
    assert [e["event"] for e in events] == ["snapshot", "end"]
    rows = [(e["stage"], e.get("event")) for e in events[0]["data"]["timeline"]]
    assert ("notify", "completed") in rows, rows
