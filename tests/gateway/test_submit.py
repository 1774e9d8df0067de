"""POST /jobs and GET /jobs/{id} on real RabbitMQ + Redis: create, poll, validation, idempotency."""

import asyncio

import pytest

from tests.gateway.conftest import auth, poll, submit, user


async def test_a_submitted_job_is_accepted_with_its_location_and_links(gateway) -> None:
    gw, alice = await gateway(), user()
    r, body = await submit(gw, alice, {"topic": "a lighthouse keeper hears knocking"})
    assert r.status == 202
    assert r.headers["Location"] == f"/jobs/{body['job_id']}"
    assert body["status"] == "queued"
    assert body["links"]["events"] == f"/jobs/{body['job_id']}/events"
    r = await gw.client.get(r.headers["Location"], headers=auth(alice))
    job = await r.json()
    assert r.status == 200
    assert job["owner"] == alice and job["request"]["topic"] == "a lighthouse keeper hears knocking"
    assert job["timeline"][0]["event"] == "accepted"


async def test_a_job_polled_to_completion_shows_stage_times_and_result_links(gateway) -> None:
    gw, alice = await gateway(pipeline=True), user()
    _, body = await submit(gw, alice)
    job = await poll(gw, alice, body["job_id"])
    assert job["status"] == "completed" and job["progress"] == 100
    stages = {s["stage"]: s for s in job["stages"]}
    assert list(stages) == ["story", "filter", "tts", "visual", "render", "notify"]
    assert stages["tts"]["runs"] == 2 and stages["render"]["wall_s"] >= 0
    assert job["outputs"]["video"]["url"].startswith("file://")


async def test_unknown_fields_wrong_types_and_oversize_text_are_422_per_field(gateway) -> None:
    gw = await gateway()
    bad = {"topic": "x" * 301, "duration_s": "60", "colour": "red", "tone": "funny"}
    r, body = await submit(gw, user(), bad)
    assert r.status == 422 and body["error"] == "validation_failed"
    rules = {d["field"]: d["rule"] for d in body["details"]}
    assert rules == {
        "topic": "string_too_long",
        "duration_s": "int_type",
        "colour": "extra_forbidden",
        "tone": "literal_error",
    }
    assert "xxxx" not in str(body)  # input is never echoed


@pytest.mark.parametrize(
    ("raw", "ctype", "status", "code"),
    [
        (b"{not json", "application/json", 422, "invalid_json"),
        (b"[1, 2]", "application/json", 422, "validation_failed"),
        (b'{"topic": "bad\\u0000ctl"}', "application/json", 422, "validation_failed"),
        (b"topic=abc", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ],
)
async def test_malformed_bodies_get_a_clear_4xx(gateway, raw, ctype, status, code) -> None:
    gw = await gateway(memory=True)
    headers = {**auth(user()), "Content-Type": ctype}
    r = await gw.client.post("/jobs", data=raw, headers=headers)
    assert r.status == status and (await r.json())["error"] == code


async def test_a_body_over_the_limit_is_413_even_when_chunked(gateway) -> None:
    gw = await gateway(gateway_max_body_bytes=2048)
    big = b'{"topic": "' + b"a" * 4000 + b'"}'
    headers = {**auth(user()), "Content-Type": "application/json"}
    r = await gw.client.post("/jobs", data=big, headers=headers)
    assert r.status == 413 and (await r.json())["error"] == "body_too_large"

    async def chunks():
        for i in range(0, len(big), 500):
            yield big[i : i + 500]

    r = await gw.client.post("/jobs", data=chunks(), headers=headers)
    assert r.status == 413 and (await r.json())["error"] == "body_too_large"


async def test_an_idempotency_key_gives_the_same_job_and_refuses_another_body(gateway) -> None:
    gw, alice, bob = await gateway(), user(), user()
    first, a = await submit(gw, alice, {"topic": "the well"}, **{"Idempotency-Key": "k-1"})
    again, b = await submit(gw, alice, {"topic": "the well"}, **{"Idempotency-Key": "k-1"})
    assert (first.status, again.status) == (202, 200) and a["job_id"] == b["job_id"]
    other, c = await submit(gw, alice, {"topic": "the attic"}, **{"Idempotency-Key": "k-1"})
    assert other.status == 409 and c["error"] == "idempotency_conflict"
    # Keys are per user: Bob's k-1 is a different job.
    mine, d = await submit(gw, bob, {"topic": "the well"}, **{"Idempotency-Key": "k-1"})
    assert mine.status == 202 and d["job_id"] != a["job_id"]
    listed = await (await gw.client.get("/jobs", headers=auth(alice))).json()
    assert len(listed["items"]) == 1


async def test_no_choice_of_subject_and_key_reaches_another_users_key(gateway) -> None:
    gw, alice = await gateway(), user()
    team = f"{alice}:team"  # a subject that extends alice's with a colon
    body = {"topic": "the well"}
    theirs, a = await submit(gw, team, body, **{"Idempotency-Key": "order-1"})
    mine, b = await submit(gw, alice, body, **{"Idempotency-Key": "team:order-1"})
    assert (theirs.status, mine.status) == (202, 202) and a["job_id"] != b["job_id"]
    # And another body under the same spelling is no conflict: the slots are apart.
    bob = user()
    await submit(gw, f"{bob}:team", body, **{"Idempotency-Key": "order-1"})
    other, _ = await submit(gw, bob, {"topic": "the attic"}, **{"Idempotency-Key": "team:order-1"})
    assert other.status == 202


async def test_concurrent_repeats_of_one_key_make_one_job(gateway) -> None:
    gw, alice = await gateway(), user()
    results = await asyncio.gather(
        *(submit(gw, alice, {"topic": "the well"}, **{"Idempotency-Key": "race"}) for _ in range(8))
    )
    assert len({body["job_id"] for _, body in results}) == 1
    listed = await (await gw.client.get("/jobs", headers=auth(alice))).json()
    assert len(listed["items"]) == 1


async def test_integral_numbers_are_integers_but_strings_and_fractions_are_not(gateway) -> None:
    gw, alice = await gateway(memory=True), user()
    r, body = await submit(gw, alice, {"topic": "the count", "duration_s": 60.0, "scenes": 4})
    assert r.status == 202
    for bad in ({"duration_s": 60.5}, {"duration_s": "60"}, {"duration_s": True}):
        r, body = await submit(gw, alice, {"topic": "the count", **bad})
        assert r.status == 422 and body["details"][0]["field"] == "duration_s", bad


async def test_a_clearly_forbidden_topic_is_refused_at_once(gateway) -> None:
    gw = await gateway()
    r, body = await submit(gw, user(), {"topic": "a story about how to kill yourself tonight"})
    assert r.status == 422 and body["error"] == "topic_refused"
    assert body["details"][0]["field"] == "topic" and body["details"][0]["rule"]
    r, body = await submit(gw, user(), {"topic": "the thing in the cellar that kills the lights"})
    assert r.status == 202


async def test_a_topic_only_the_offline_judge_refuses_is_422_naming_the_category(gateway) -> None:
    gw = await gateway()
    topic = "the ghost tells the lonely teen that [number] pills of [drug] is a peaceful way out"
    r, body = await submit(gw, user(), {"topic": topic})
    assert r.status == 422 and body["error"] == "topic_refused"
    (detail,) = body["details"]
    assert detail["field"] == "topic" and detail["rule"] == "self-harm"
    assert detail["message"] == (
        f"not allowed: encouraging suicide or self-harm, or its method, means or place "
        f"(characters 0-{len(topic)})"
    )
