"""POST /jobs/{id}/redo over HTTP: who may redo what, and the answers when it cannot be done.
The parent is a completed job whose files sit in the gateway's storage, as notify leaves them;
the whole pipeline running a redo is tests/e2e/test_redo.py."""

import json
from typing import Any

from shared.jobs import new_job_id
from shared.messages import JobSpec, Scene, Story
from shared.state.base import JobRecord
from shared.storage import keys
from tests.gateway.conftest import Gw, auth, user

STORY = Story(
    title="The Well",
    hook="Something answers.",
    scenes=[Scene(index=i, narration=f"line {i}", image_prompt=f"picture {i}") for i in range(3)],
)


async def finished_job(gw: Gw, owner: str, status: str = "completed", **spec: Any) -> str:
    """A job of ``owner`` in ``status`` with its story and every scene file in storage."""
    job_id = new_job_id()
    body = JobSpec(topic="the well at the end of the lane", **spec).model_dump(mode="json")
    await gw.state.create(JobRecord(job_id=job_id, spec=body, owner=owner))
    await gw.storage.put(keys.story(job_id), STORY.model_dump_json().encode())
    for i in range(3):
        await gw.storage.put(keys.scene_audio(job_id, i), b"RIFF")
        await gw.storage.put(keys.scene_words(job_id, i), b'{"duration_s": 1, "words": []}')
        await gw.storage.put(keys.scene_image(job_id, i), b"PNG")
    if status != "queued":
        await gw.state.finish(job_id, status, outputs={"video.mp4": keys.output(job_id, "v")})  # type: ignore[arg-type]
    return job_id


async def redo(gw: Gw, sub: str, job_id: str, body: Any) -> tuple[int, dict[str, Any]]:
    r = await gw.client.post(f"/jobs/{job_id}/redo", json=body, headers=auth(sub))
    return r.status, await r.json()


async def test_a_redo_is_a_new_job_that_names_its_parent(gateway) -> None:
    gw, alice = await gateway(memory=True), user()
    parent = await finished_job(gw, alice, preview=True)
    status, body = await redo(gw, alice, parent, {"scene": 2, "narration": "the rope slackened"})
    assert status == 202, body
    child = body["job_id"]
    assert child != parent and body["links"]["self"] == f"/jobs/{child}"
    r = await gw.client.get(f"/jobs/{child}", headers=auth(alice))
    view = await r.json()
    assert view["owner"] == alice and view["status"] == "queued"
    request = view["request"]
    assert request["parent_id"] == parent and request["preview"] is True
    assert request["reuse"] == {"audio": [0, 1], "images": [0, 1, 2], "seeds": {}}
    accepted = view["timeline"][0]
    assert (accepted["event"], accepted["parent"]) == ("accepted", parent)


async def test_only_the_owner_may_redo_a_job(gateway) -> None:
    gw, alice, bob = await gateway(memory=True), user(), user()
    parent = await finished_job(gw, alice)
    status, body = await redo(gw, bob, parent, {"scene": 0})
    assert (status, body["error"]) == (403, "forbidden")
    status, body = await redo(gw, bob, "no-such-job", {"scene": 0})
    assert (status, body["error"]) == (404, "not_found")
    r = await gw.client.post(
        f"/jobs/{parent}/redo", json={"scene": 0}, headers=auth(alice, "jobs:read")
    )
    assert r.status == 403 and (await r.json())["error"] == "insufficient_scope"
    listed = await (await gw.client.get("/jobs", headers=auth(bob))).json()
    assert listed["items"] == []  # nothing was made for bob either


async def test_only_a_completed_job_can_be_redone(gateway) -> None:
    gw, alice = await gateway(memory=True), user()
    for state in ("queued", "failed", "cancelled"):
        job = await finished_job(gw, alice, status=state)
        status, body = await redo(gw, alice, job, {"scene": 0})
        assert (status, body["error"]) == (409, "job_not_completed"), state
        assert state in body["message"]


async def test_a_parent_whose_files_are_gone_gets_a_clear_409(gateway) -> None:
    gw, alice = await gateway(memory=True), user()
    parent = await finished_job(gw, alice)
    await gw.storage.delete_prefix(keys.work(parent))  # notify's clean-up under "failed"
    status, body = await redo(gw, alice, parent, {"scene": 1})
    assert (status, body["error"]) == (409, "parent_assets_gone")
    assert "GRIMREEL_NOTIFY_KEEP_WORK" in body["message"] and parent in body["message"]
    # a redo that copies nothing of what is gone still cannot read the story without it
    await gw.storage.delete_prefix(keys.story(parent))
    status, body = await redo(gw, alice, parent, {})
    assert (status, body["error"]) == (409, "parent_assets_gone")


async def test_one_missing_file_is_enough_to_refuse(gateway) -> None:
    gw, alice = await gateway(memory=True), user()
    parent = await finished_job(gw, alice)
    await gw.storage.delete_prefix(keys.scene_words(parent, 2))
    status, body = await redo(gw, alice, parent, {"scene": 0})
    assert (status, body["error"]) == (409, "parent_assets_gone")
    assert keys.scene_words(parent, 2) in body["message"]
    # redoing that very scene's voice needs none of its old files: accepted
    status, body = await redo(gw, alice, parent, {"scene": 2, "voice": True})
    assert status == 202, body


async def test_bad_redo_bodies_are_422_with_the_field(gateway) -> None:
    gw, alice = await gateway(memory=True), user()
    parent = await finished_job(gw, alice)
    status, body = await redo(gw, alice, parent, {"scene": 7})
    assert (status, body["error"]) == (422, "redo_refused")
    assert "no scene 7" in body["message"]
    status, body = await redo(gw, alice, parent, {"scene": 1, "narration": 5})
    assert status == 422 and [d["field"] for d in body["details"]] == ["narration"]
    status, body = await redo(gw, alice, parent, [1])
    assert (status, body["error"]) == (422, "validation_failed")
    r = await gw.client.post(
        f"/jobs/{parent}/redo", data=json.dumps({"scene": 1}), headers=auth(alice)
    )
    assert r.status == 415  # no JSON content type


async def test_a_redo_retried_with_its_idempotency_key_makes_one_job(gateway) -> None:
    gw, alice, bob = await gateway(memory=True), user(), user()
    parent = await finished_job(gw, alice)
    ask = {"scene": 1}  # a fresh random seed each time: the retry must not paint another one

    async def send(sub: str, body: Any, key: str) -> tuple[int, dict[str, Any]]:
        r = await gw.client.post(
            f"/jobs/{parent}/redo", json=body, headers={**auth(sub), "Idempotency-Key": key}
        )
        return r.status, await r.json()

    first, again = await send(alice, ask, "redo-1"), await send(alice, ask, "redo-1")
    assert (first[0], again[0]) == (202, 200), (first, again)
    assert again[1]["job_id"] == first[1]["job_id"]
    status, body = await send(alice, {"scene": 2}, "redo-1")
    assert (status, body["error"]) == (409, "idempotency_conflict"), body
    status, other = await send(alice, ask, "redo-2")
    assert status == 202 and other["job_id"] != first[1]["job_id"]
    status, _ = await send(bob, ask, "redo-1")  # bob's key is his own; the job is not his
    assert status == 403
    status, body = await send(alice, ask, "k" * 201)  # longer than a key may be
    assert status == 422, body
