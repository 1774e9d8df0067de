"""The ingress queue: n8n-style messages become jobs; invalid ones are dead-lettered."""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import pytest

from services.gateway.ingress import OWNER
from shared import topology
from shared.runtime.bus import REASON_HEADER, STAGE_HEADER
from tests.gateway.conftest import auth


@pytest.fixture
async def amqp(amqp_url: str) -> AsyncIterator[aio_pika.abc.AbstractChannel]:
    conn = await aio_pika.connect(amqp_url)
    yield await conn.channel()
    await conn.close()


@pytest.fixture
async def dead(amqp) -> aio_pika.abc.AbstractQueue:
    """A private copy of every dead letter (the DLX is fanout), so tests share nothing."""
    q = await amqp.declare_queue(exclusive=True, auto_delete=True)
    await q.bind(topology.DEAD_LETTER_EXCHANGE)
    return q


async def send_like_n8n(ch, body: Any, headers: dict[str, Any] | None = None) -> None:
    """What n8n's RabbitMQ Send node puts on the wire: default exchange, routing key = queue,
    compact JSON, only the headers property — no content type, delivery mode or message id."""
    raw = body if isinstance(body, bytes) else json.dumps(body, separators=(",", ":")).encode()
    msg = aio_pika.Message(raw, headers=headers or {}, delivery_mode=None)
    await ch.default_exchange.publish(msg, routing_key=topology.INGRESS_QUEUE)


async def find_jobs(state, topic: str, want: int = 1, timeout: float = 10.0) -> list:
    async with asyncio.timeout(timeout):
        while True:
            jobs = [
                j
                for j in await state.list_jobs(owner=OWNER, limit=200)
                if j.spec.get("topic") == topic
            ]
            if len(jobs) >= want:
                return jobs
            await asyncio.sleep(0.05)


async def next_dead(q, marker: bytes, timeout: float = 10.0) -> aio_pika.abc.AbstractMessage:
    async with asyncio.timeout(timeout):
        while True:
            m = await q.get(fail=False, no_ack=True)
            if m is None:
                await asyncio.sleep(0.05)
            elif marker in m.body:
                return m


async def test_an_n8n_message_becomes_a_job_once_per_idempotency_key(gateway, amqp) -> None:
    gw = await gateway(pipeline=True)
    topic = f"n8n tale {uuid.uuid4().hex[:8]}"
    key = f"n8n-{uuid.uuid4().hex}"
    for _ in range(2):  # n8n retries: the same key twice is one job
        await send_like_n8n(amqp, {"topic": topic, "duration_s": 30}, {"idempotency-key": key})
    (job,) = await find_jobs(gw.state, topic)
    assert job.idempotency_key == key and job.spec["duration_s"] == 30
    async with asyncio.timeout(10):
        while (await gw.state.get(job.job_id)).status != "completed":
            await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)
    assert len(await find_jobs(gw.state, topic)) == 1


async def test_ingress_jobs_belong_to_an_owner_no_token_can_claim(gateway, amqp) -> None:
    gw = await gateway()
    topic = f"owned tale {uuid.uuid4().hex[:8]}"
    await send_like_n8n(amqp, {"topic": topic})
    (job,) = await find_jobs(gw.state, topic)
    assert job.owner == OWNER and OWNER.startswith("@")
    for sub in (OWNER, "ingress"):  # the owner itself, and the name it had before
        r = await gw.client.get(f"/jobs/{job.job_id}", headers=auth(sub))
        assert r.status == 401 and (await r.json())["error"] == "invalid_claim"
    # An admin still lists them by owner.
    r = await gw.client.get("/jobs", params={"owner": OWNER}, headers=auth("ops", "admin"))
    assert job.job_id in [j["job_id"] for j in (await r.json())["items"]]


async def test_a_cloudevents_envelope_is_unwrapped_and_its_id_deduplicates(gateway, amqp) -> None:
    gw = await gateway()
    topic = f"ce tale {uuid.uuid4().hex[:8]}"
    event = {
        "specversion": "1.0",
        "id": uuid.uuid4().hex,
        "source": "urn:test",
        "type": "grimreel.job.request.v1",
        "data": {"topic": topic},
    }
    await send_like_n8n(amqp, event)
    await send_like_n8n(amqp, event)
    # Binary mode: the attributes in ce-* headers, the request as the body.
    binary = {
        "ce-specversion": "1.0",
        "ce-id": uuid.uuid4().hex,
        "ce-source": "urn:test",
        "ce-type": "grimreel.job.request.v1",
    }
    await send_like_n8n(amqp, {"topic": topic + " binary"}, binary)
    await find_jobs(gw.state, topic + " binary")
    assert len(await find_jobs(gw.state, topic)) == 1


@pytest.mark.parametrize(
    ("body", "headers", "reason"),
    [
        (
            {"topic": "MARK", "colour": "red", "duration_s": "60"},
            {},
            "colour: Extra inputs are not permitted",
        ),
        (b"MARK not json", {}, "invalid_json"),
        (
            {
                "specversion": "1.0",
                "type": "grimreel.other.v1",
                "id": "1",
                "source": "s",
                "data": {"topic": "MARK"},
            },
            {},
            "unsupported_type",
        ),
        ({"topic": "MARK ok"}, {"idempotency-key": "bad\x01key"}, "Idempotency-Key"),
        ({"topic": "MARK", "voice": "nobody"}, {}, "voice: the voice provider 'offline' offers"),
        (b'{"topic": "MARK", "x": ' + b"[" * 20000 + b"]" * 20000 + b"}", {}, "json_too_deep"),
    ],
    ids=["fields", "not-json", "wrong-type", "bad-key", "unknown-voice", "deep"],
)
async def test_an_invalid_message_is_dead_lettered_and_the_consumer_goes_on(
    gateway, amqp, dead, body, headers, reason
) -> None:
    gw = await gateway()
    marker = uuid.uuid4().hex[:12]
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    await send_like_n8n(amqp, raw.replace(b"MARK", marker.encode()), headers)
    letter = await next_dead(dead, marker.encode())
    assert letter.headers[STAGE_HEADER] == "ingress"
    assert reason in letter.headers[REASON_HEADER]
    topic = f"after {marker}"
    await send_like_n8n(amqp, {"topic": topic})
    await find_jobs(gw.state, topic)


async def test_a_reused_key_with_another_body_is_dead_lettered(gateway, amqp, dead) -> None:
    gw = await gateway()
    key, marker = f"k-{uuid.uuid4().hex}", uuid.uuid4().hex[:12]
    await send_like_n8n(amqp, {"topic": f"first {marker}"}, {"idempotency-key": key})
    await find_jobs(gw.state, f"first {marker}")
    await send_like_n8n(amqp, {"topic": f"second {marker}"}, {"idempotency-key": key})
    letter = await next_dead(dead, f"second {marker}".encode())
    assert "idempotency_conflict" in letter.headers[REASON_HEADER]
