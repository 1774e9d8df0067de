"""The approval gate over HTTP, with the real filter handler (rule policy) between stub stages:
a job pauses after its story passes, holds no message, and a person approves, edits, rejects
or lets it expire."""

import asyncio
import html
from typing import Any

import pytest

from services.filter.bootstrap import make_policies
from services.filter.handler import FilterDeps, judge
from services.filter.settings import ModerationSettings
from shared import topology
from shared.messages import StoryDrafted
from shared.review_links import make_token
from shared.runtime import Stage, on
from shared.runtime.stub_stages import build_stub_stages
from shared.storage.local import LocalStorage
from tests.gateway.conftest import Gw, auth, poll, submit, user


def with_real_filter(ttl_s: float = 3600.0) -> Any:
    def stages(storage: LocalStorage) -> list[Stage]:
        deps = FilterDeps(
            policies=make_policies(ModerationSettings(policies=["rules"], offline=False)),
            quality=lambda story, spec: [],
            storage=storage,
            approval_ttl_s=ttl_s,
        )
        real = Stage.of("filter", on(StoryDrafted, judge, deps))
        return [s for s in build_stub_stages(scenes=3) if s.name != "filter"] + [real]

    return stages


async def until(gw: Gw, sub: str, job_id: str, status: str, timeout: float = 20) -> dict[str, Any]:
    async with asyncio.timeout(timeout):
        while True:
            body = await (await gw.client.get(f"/jobs/{job_id}", headers=auth(sub))).json()
            if body["status"] == status:
                return body
            await asyncio.sleep(0.05)


async def paused_job(gw: Gw, sub: str) -> str:
    r, body = await submit(gw, sub, {"topic": "the lighthouse knocks", "approval": True})
    assert r.status == 202, body
    await until(gw, sub, body["job_id"], "awaiting_approval")
    return str(body["job_id"])


@pytest.fixture(params=["memory", "redis"])
async def gw(request: pytest.FixtureRequest, gateway: Any) -> Gw:
    g: Gw = await gateway(memory=request.param == "memory", stages=with_real_filter())
    return g


async def test_a_paused_job_shows_its_story_holds_nothing_and_runs_on_when_approved(gw) -> None:
    sub = user()
    job_id = await paused_job(gw, sub)
    view = await (await gw.client.get(f"/jobs/{job_id}", headers=auth(sub))).json()
    assert view["approval"]["refused"] is None and view["approval"]["deadline"]
    assert not any(e["stage"] in ("tts", "visual") for e in view["timeline"])
    async with asyncio.timeout(10):  # notify announces the wait: a side run, not a stage's
        while not any(
            e["stage"] == "notify" and e.get("event") == "done" for e in view["timeline"]
        ):
            await asyncio.sleep(0.05)
            view = await (await gw.client.get(f"/jobs/{job_id}", headers=auth(sub))).json()
    assert all(e.get("side") for e in view["timeline"] if e["stage"] == "notify")
    assert "notify" not in [s["stage"] for s in view["stages"]]
    assert view["status"] == "awaiting_approval" and view["stage"] == "filter"
    depths = await gw.bus.depths([topology.queue_name(s) for s in topology.stages()])
    assert sum(depths.values()) == 0  # pausing holds no message
    story = await (await gw.client.get(f"/jobs/{job_id}/story", headers=auth(sub))).json()
    assert [s["index"] for s in story["scenes"]] == [0, 1, 2]
    r = await gw.client.post(f"/jobs/{job_id}/approve", headers=auth(sub))
    assert r.status == 202 and (await r.json())["status"] == "running"
    again = await gw.client.post(f"/jobs/{job_id}/approve", headers=auth(sub))
    assert again.status == 409 and (await again.json())["error"] == "not_awaiting_approval"
    done = await poll(gw, sub, job_id)
    assert done["status"] == "completed"
    events = [(e["stage"], e.get("event")) for e in done["timeline"]]
    assert ("review", "awaiting_approval") in events and ("review", "approved") in events
    assert events.index(("review", "approved")) < events.index(("tts", "started"))


async def test_an_edit_is_judged_again_and_a_refused_edit_leaves_the_story(gw) -> None:
    sub = user()
    job_id = await paused_job(gw, sub)
    url = f"/jobs/{job_id}/story"
    edit = {"scenes": [{"index": 1, "narration": "The keeper found the door open at dawn."}]}
    r = await gw.client.post(url, json=edit, headers=auth(sub))
    assert r.status == 202, await r.text()
    view = await until(gw, sub, job_id, "awaiting_approval")
    assert view["approval"]["refused"] is None
    story = await (await gw.client.get(url, headers=auth(sub))).json()
    assert story["scenes"][1]["narration"] == "The keeper found the door open at dawn."
    bad = {"scenes": [{"index": 2, "narration": "Kill all the Jews, he said."}]}
    assert (await gw.client.post(url, json=bad, headers=auth(sub))).status == 202
    async with asyncio.timeout(20):
        while not (view := await until(gw, sub, job_id, "awaiting_approval"))["approval"][
            "refused"
        ]:
            await asyncio.sleep(0.05)
    assert any("hate" in reason for reason in view["approval"]["refused"])
    kept = await (await gw.client.get(url, headers=auth(sub))).json()
    assert kept["scenes"][2]["narration"] == story["scenes"][2]["narration"]
    assert (await gw.client.post(f"/jobs/{job_id}/approve", headers=auth(sub))).status == 202
    assert (await poll(gw, sub, job_id))["status"] == "completed"


async def test_bad_edits_are_refused_with_the_reason(gw) -> None:
    sub = user()
    job_id = await paused_job(gw, sub)
    url = f"/jobs/{job_id}/story"
    missing = await gw.client.post(
        url, json={"scenes": [{"index": 9, "narration": "x"}]}, headers=auth(sub)
    )
    assert missing.status == 422 and "scene 9 does not exist" in (await missing.json())["message"]
    extra = await gw.client.post(
        url, json={"scenes": [{"index": 0, "mood": "x"}]}, headers=auth(sub)
    )
    body = await extra.json()
    assert extra.status == 422 and body["details"][0]["field"] == "scenes.0.mood"
    assert (await until(gw, sub, job_id, "awaiting_approval"))["status"] == "awaiting_approval"


async def test_a_rejected_story_cancels_the_job_with_the_reason(gw) -> None:
    sub = user()
    job_id = await paused_job(gw, sub)
    r = await gw.client.post(
        f"/jobs/{job_id}/reject", json={"reason": "too slow"}, headers=auth(sub)
    )
    body = await r.json()
    assert r.status == 200 and body["status"] == "cancelled"
    assert body["error"] == "rejected at review: too slow"
    assert (await gw.client.post(f"/jobs/{job_id}/reject", headers=auth(sub))).status == 409


async def test_another_user_can_neither_read_nor_act_on_a_paused_job(gw) -> None:
    sub, other = user(), user()
    job_id = await paused_job(gw, sub)
    for method, path in [
        ("GET", "story"),
        ("POST", "approve"),
        ("POST", "reject"),
    ]:
        r = await gw.client.request(method, f"/jobs/{job_id}/{path}", headers=auth(other))
        assert r.status == 403, (path, r.status)
    assert (await until(gw, sub, job_id, "awaiting_approval"))["approval"] is not None


async def test_a_job_nobody_approves_fails_when_its_time_is_up(gateway) -> None:
    gw = await gateway(stages=with_real_filter(ttl_s=0.3), gateway_approval_sweep_s=0.1)
    sub = user()
    _, body = await submit(gw, sub, {"topic": "the lighthouse knocks", "approval": True})
    done = await poll(gw, sub, body["job_id"])
    assert done["status"] == "failed"
    assert done["error"].startswith("approval expired: the story was not approved within")
    events = [(e["stage"], e.get("event")) for e in done["timeline"]]
    assert ("review", "expired") in events
    # the failure is announced like any other: notify (a stub here) handled job.failed
    async with asyncio.timeout(10):
        while not any(s == "notify" and ev == "done" for s, ev in events):
            await asyncio.sleep(0.05)
            tl = await (await gw.client.get(f"/jobs/{body['job_id']}", headers=auth(sub))).json()
            events = [(e["stage"], e.get("event")) for e in tl["timeline"]]


SECRET = "a-review-link-secret-of-at-least-32-chars"


async def test_a_signed_link_shows_the_story_and_approves_without_a_token(
    gateway, monkeypatch
) -> None:
    monkeypatch.setenv("GRIMREEL_REVIEW_LINK_SECRET", SECRET)
    gw = await gateway(memory=True, stages=with_real_filter())
    sub = user()
    job_id = await paused_job(gw, sub)
    deadline = (await gw.state.get(job_id)).approval.deadline
    token = make_token(SECRET.encode(), job_id, deadline)
    page = await gw.client.get(f"/review/{token}")
    text = await page.text()
    story = await (await gw.client.get(f"/jobs/{job_id}/story", headers=auth(sub))).json()
    assert page.status == 200 and page.content_type == "text/html"
    assert html.escape(story["scenes"][0]["narration"]) in text
    assert "form-action 'self'" in page.headers["Content-Security-Policy"]
    for bad in (
        token[:-1] + ("0" if token[-1] != "0" else "1"),
        make_token(b"x" * 40, job_id, deadline),
    ):
        assert (await gw.client.get(f"/review/{bad}")).status == 404
    expired = make_token(SECRET.encode(), job_id, 1000)
    assert (await gw.client.post(f"/review/{expired}", data={"action": "approve"})).status == 404
    done = await gw.client.post(f"/review/{token}", data={"action": "approve"})
    assert done.status == 200 and "Approved" in await done.text()
    assert (await poll(gw, sub, job_id))["status"] == "completed"
    again = await gw.client.post(f"/review/{token}", data={"action": "reject"})
    assert again.status == 409


async def test_without_a_secret_review_links_do_not_exist(gateway, monkeypatch) -> None:
    monkeypatch.delenv("GRIMREEL_REVIEW_LINK_SECRET", raising=False)
    gw = await gateway(memory=True, stages=with_real_filter())
    sub = user()
    job_id = await paused_job(gw, sub)
    token = make_token(SECRET.encode(), job_id, 2**40)
    assert (await gw.client.post(f"/review/{token}", data={"action": "approve"})).status == 404
    assert (await gw.state.get(job_id)).status == "awaiting_approval"
