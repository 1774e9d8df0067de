"""Probes, metrics, the OpenAPI document, and the headers and errors every reply carries."""

import asyncio
import json

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from services.gateway.app import build_app
from services.gateway.openapi import SPEC_FILE, render
from shared import asyncapi
from shared.runtime.rabbit_bus import RabbitBus
from shared.state.redis import RedisState
from shared.storage.local import LocalStorage
from tests.conftest import AMQP_URL
from tests.gateway.conftest import auth, settings, submit, user


async def test_health_and_ready_answer_when_everything_is_up(gateway) -> None:
    gw = await gateway()
    assert await (await gw.client.get("/health")).json() == {"status": "ok"}
    r = await gw.client.get("/ready")
    assert r.status == 200
    assert await r.json() == {
        "status": "ready",
        "checks": {"rabbitmq": "ok", "redis": "ok", "storage": "ok"},
    }


async def test_ready_is_503_and_names_what_is_down(tmp_path) -> None:
    # Real clients aimed at loopback ports where nothing listens / a bus never connected.
    s = settings(tmp_path, gateway_ingress=False)
    state = RedisState("redis://127.0.0.1:1/0")
    app = build_app(s, RabbitBus(AMQP_URL), state, LocalStorage(tmp_path))
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        r = await client.get("/ready")
        body = await r.json()
        assert r.status == 503 and body["status"] == "unready"
        assert body["checks"] == {"rabbitmq": "failed", "redis": "failed", "storage": "ok"}
        r = await client.post("/jobs", json={"topic": "abc"}, headers=auth(user()))
        assert r.status == 503 and (await r.json())["error"] == "unavailable"
    await state.close()


async def test_metrics_count_requests_by_route_and_jobs_by_status(gateway) -> None:
    gw, alice = await gateway(), user()
    await submit(gw, alice)
    await gw.client.get("/jobs/nosuch", headers=auth(alice))
    text = await (await gw.client.get("/metrics")).text()
    assert 'grimreel_http_requests_total{route="/jobs",status="202"}' in text
    assert 'route="/jobs/{job_id}",status="404"' in text
    assert 'grimreel_recent_jobs{status="live"}' in text
    assert "grimreel_jobs_submitted_total" in text
    assert "grimreel_messages_handled_total" in text or "grimreel_handler_seconds" in text


async def test_job_gauges_follow_transitions_from_the_status_indexes(gateway) -> None:
    gw, alice = await gateway(memory=True), user()
    _, first = await submit(gw, alice)
    await submit(gw, alice, **{"Idempotency-Key": "two"})
    await gw.client.post(first["links"]["cancel"], headers=auth(alice))
    text = await (await gw.client.get("/metrics")).text()
    assert 'grimreel_recent_jobs{status="live"} 1.0' in text
    assert 'grimreel_recent_jobs{status="cancelled"} 1.0' in text


async def test_the_served_openapi_document_is_the_committed_one(gateway) -> None:
    gw = await gateway(memory=True)
    served = await (await gw.client.get("/openapi.json")).json()
    assert served["openapi"] == "3.1.0"
    assert json.dumps(served, indent=2, sort_keys=True) + "\n" == render()
    assert SPEC_FILE.read_text() == render(), (
        "openapi.json is stale: run `python -m services.gateway.openapi` and commit it"
    )


async def test_the_asyncapi_document_is_served_without_a_token(gateway) -> None:
    gw = await gateway(memory=True)
    r = await gw.client.get("/asyncapi.json")
    assert r.status == 200 and (await r.json()) == json.loads(asyncapi.render())
    assert (await r.json())["asyncapi"] == "3.0.0"


async def test_every_reply_carries_the_security_headers(gateway) -> None:
    gw = await gateway(memory=True)
    for path, headers in (("/health", {}), ("/jobs", {}), ("/jobs", auth(user())), ("/x", {})):
        r = await gw.client.get(path, headers=headers)
        assert r.headers["X-Content-Type-Options"] == "nosniff", path
        assert r.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        assert r.headers["Referrer-Policy"] == "no-referrer"
        assert r.headers["Cache-Control"] == "no-store"
        assert r.headers["Server"] == "grimreel"
        assert "Access-Control-Allow-Origin" not in r.headers  # CORS is off by default


def _boom(app: web.Application) -> None:
    async def boom(request: web.Request) -> web.Response:
        raise RuntimeError("db password is hunter2")

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(5)
        return web.Response()

    app.router.add_get("/boom", boom)
    app.router.add_get("/slow", slow)


async def test_failures_are_json_without_a_trace_and_slow_requests_time_out(gateway) -> None:
    gw = await gateway(memory=True, routes=_boom, gateway_request_timeout_s=0.2)
    r = await gw.client.get("/boom", headers=auth(user()))
    text = await r.text()
    assert r.status == 500 and json.loads(text) == {
        "error": "internal",
        "message": "internal error; see the server log",
    }
    assert "hunter2" not in text and "Traceback" not in text
    assert r.headers["X-Request-ID"]
    r = await gw.client.get("/slow", headers=auth(user()))
    assert r.status == 503 and (await r.json())["error"] == "timeout"


async def test_cors_answers_only_configured_origins(gateway) -> None:
    gw = await gateway(memory=True, gateway_cors_origins=["https://app.example"])
    pre = {"Origin": "https://app.example", "Access-Control-Request-Method": "POST"}
    r = await gw.client.options("/jobs", headers=pre)
    assert r.status == 204
    assert r.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert "Authorization" in r.headers["Access-Control-Allow-Headers"]
    r = await gw.client.get("/jobs", headers={**auth(user()), "Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in r.headers
    r = await gw.client.get("/jobs", headers={**auth(user()), "Origin": "https://app.example"})
    assert r.headers["Access-Control-Allow-Origin"] == "https://app.example"


async def test_a_safe_request_id_is_echoed_and_an_unsafe_one_replaced(gateway) -> None:
    gw = await gateway(memory=True)
    r = await gw.client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert r.headers["X-Request-ID"] == "abc-123"
    r = await gw.client.get("/health", headers={"X-Request-ID": "evil\tvalue<script>"})
    assert r.headers["X-Request-ID"] != "evil\tvalue<script>"


def test_gateway_metrics_live_beside_every_stages_metrics() -> None:
    # `grimreel serve` imports them all into one Prometheus registry: no name may clash.
    from importlib import import_module

    from shared import topology

    for stage in topology.stages():
        import_module(f"services.{stage}.bootstrap")
    import_module("services.gateway.app")
