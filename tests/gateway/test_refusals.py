"""Every refused request answers in the API's error shape: deep JSON, oversized heads, options
the configured providers do not offer."""

import pytest

from services.gateway.heads import MAX_HEADERS
from shared.messages.job import JobSpec
from shared.providers.options import CAPABILITIES, offers, option_errors
from tests.gateway.conftest import auth, submit, token, user

DEEP = b"[" * 20_000 + b"]" * 20_000  # 40 KB: json's parser would overflow the stack


def api_error(body: dict, code: str) -> bool:
    return body.get("error") == code and isinstance(body.get("message"), str)


@pytest.mark.parametrize(
    "raw",
    [DEEP, b'{"topic": "the well", "style": ' + DEEP + b"}"],
    ids=["bare", "in-a-field"],
)
async def test_deeply_nested_json_is_422_not_500(gateway, raw) -> None:
    gw = await gateway(memory=True)
    headers = {**auth(user()), "Content-Type": "application/json"}
    r = await gw.client.post("/jobs", data=raw, headers=headers)
    assert r.status == 422 and api_error(await r.json(), "json_too_deep")


async def test_brackets_inside_strings_do_not_count_as_nesting(gateway) -> None:
    gw = await gateway(memory=True)
    r, body = await submit(gw, user(), {"topic": "the [[[[[[[[[[[[[[[[[[[[[[ well"})
    assert r.status == 202, body


async def test_a_10_kb_bearer_token_gets_431_in_the_api_shape(gateway) -> None:
    gw = await gateway(memory=True)
    big = token(user(), pad="x" * 10_000)
    r = await gw.client.get("/jobs", headers={"Authorization": f"Bearer {big}"})
    assert r.status == 431 and api_error(await r.json(), "headers_too_large")
    assert "Authorization" in (await r.json())["message"]


async def test_a_long_url_and_too_many_headers_are_refused_in_the_api_shape(gateway) -> None:
    gw, alice = await gateway(memory=True), user()
    r = await gw.client.get("/jobs?owner=" + "a" * 9000, headers=auth(alice))
    assert r.status == 414 and api_error(await r.json(), "uri_too_long")
    many = {**auth(alice), **{f"X-Extra-{i}": "1" for i in range(MAX_HEADERS + 1)}}
    r = await gw.client.get("/jobs", headers=many)
    assert r.status == 431 and api_error(await r.json(), "headers_too_large")


async def test_an_unknown_voice_is_refused_at_intake_naming_the_field_and_choices(
    gateway,
) -> None:
    gw = await gateway(memory=True)
    r, body = await submit(gw, user(), {"topic": "the well", "voice": "nobody"})
    assert r.status == 422 and body["error"] == "validation_failed"
    (detail,) = body["details"]
    assert detail["field"] == "voice" and detail["rule"] == "choice"
    assert all(v in detail["message"] for v in ("default", "heart", "heart-gb"))
    assert "nobody" not in detail["message"]  # the input is never echoed


async def test_a_language_the_offline_voice_cannot_speak_is_refused(gateway) -> None:
    gw = await gateway(memory=True)
    r, body = await submit(gw, user(), {"topic": "the well", "language": "de"})
    assert r.status == 422 and [d["field"] for d in body["details"]] == ["language"]
    ok, _ = await submit(
        gw, user(), {"topic": "the well", "voice": "heart-gb", "language": "en-GB"}
    )
    assert ok.status == 202


def test_a_provider_without_choices_restricts_nothing(monkeypatch) -> None:
    monkeypatch.setenv("GRIMREEL_VOICE_PROVIDER", "openai")
    assert [o for o in offers(CAPABILITIES) if o.kind == "voice"] == []
    assert option_errors(JobSpec(topic="the well", voice="alloy"), offers(CAPABILITIES)) == []


def test_an_unknown_configured_provider_is_left_to_its_stage(monkeypatch) -> None:
    monkeypatch.setenv("GRIMREEL_VOICE_PROVIDER", "nosuch")
    assert [o for o in offers(CAPABILITIES) if o.kind == "voice"] == []
