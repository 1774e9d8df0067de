"""POST/GET/DELETE /schedules: validation in the API's error shape, owners and admins, and a
schedule made over the API fired by a scheduler into a job its owner can read."""

import time

from services.scheduler.scheduler import Scheduler
from tests.gateway.conftest import auth, user

BODY = {"cron": "0 9 * * *", "timezone": "Europe/Berlin", "topics": ["the mill at night"]}


async def test_a_user_creates_lists_and_deletes_their_schedule(gateway) -> None:
    gw, alice, bob = await gateway(memory=True), user(), user()
    r = await gw.client.post("/schedules", json={**BODY, "id": "daily"}, headers=auth(alice))
    made = await r.json()
    assert r.status == 201 and r.headers["Location"] == "/schedules/daily"
    assert made["owner"] == alice and made["source"] == "api" and made["missed"] == "skip"
    assert made["next_at"] > time.time() and made["last_job_id"] is None
    r = await gw.client.post("/schedules", json={**BODY, "id": "daily"}, headers=auth(alice))
    assert r.status == 409 and (await r.json())["error"] == "schedule_exists"
    listed = await (await gw.client.get("/schedules", headers=auth(alice))).json()
    assert [s["id"] for s in listed["items"]] == ["daily"]
    assert (await (await gw.client.get("/schedules", headers=auth(bob))).json())["items"] == []
    for method in ("GET", "DELETE"):
        r = await gw.client.request(method, "/schedules/daily", headers=auth(bob))
        assert r.status == 403 and (await r.json())["error"] == "forbidden"
    admin = await (await gw.client.get("/schedules", headers=auth("root", "admin"))).json()
    assert "daily" in [s["id"] for s in admin["items"]]
    assert (await gw.client.delete("/schedules/daily", headers=auth(alice))).status == 204
    r = await gw.client.get("/schedules/daily", headers=auth(alice))
    assert r.status == 404 and (await r.json())["error"] == "not_found"


async def test_bad_schedules_are_refused_field_by_field(gateway) -> None:
    gw, alice = await gateway(memory=True), user()
    cases = {
        "cron": {**BODY, "cron": "0 25 * * *"},
        "timezone": {**BODY, "timezone": "Mars/Olympus"},
        "missed": {**BODY, "missed": "sometimes"},
        "(body)": {"cron": "0 9 * * *"},  # no topic source
    }
    for field, body in cases.items():
        r = await gw.client.post("/schedules", json=body, headers=auth(alice))
        err = await r.json()
        assert r.status == 422 and err["error"] == "validation_failed", field
        assert err["details"][0]["field"] == field, err
    r = await gw.client.post("/schedules", json={**BODY, "profile": "night"}, headers=auth(alice))
    assert r.status == 422 and (await r.json())["details"][0]["rule"] == "unknown_profile"
    body = {"cron": "0 9 * * *", "topics_file": "/etc/passwd"}
    r = await gw.client.post("/schedules", json=body, headers=auth(alice))
    assert r.status == 403  # reading a server file is for admins
    r = await gw.client.get("/schedules", headers=auth(alice, "jobs:write"))
    assert r.status == 403 and (await r.json())["error"] == "insufficient_scope"


async def test_an_api_schedule_fires_a_job_its_owner_can_read(gateway) -> None:
    gw, alice = await gateway(memory=True), user()
    body = {**BODY, "cron": "* * * * *", "job": {"duration_s": 30}}
    made = await (await gw.client.post("/schedules", json=body, headers=auth(alice))).json()
    clock = [made["created_at"] + 61]
    scheduler = Scheduler(gw.bus, gw.state, clock=lambda: clock[0])
    (job,) = await scheduler.poll()
    view = await (await gw.client.get(f"/jobs/{job.job_id}", headers=auth(alice))).json()
    assert view["request"]["topic"] == "the mill at night" and view["request"]["duration_s"] == 30
    shown = await (await gw.client.get(f"/schedules/{made['id']}", headers=auth(alice))).json()
    assert shown["last_job_id"] == job.job_id and shown["last_error"] is None
