"""GET /admin/dead-letters and POST /admin/dead-letters/{id}/replay on a real RabbitMQ: admin
only, the same letters `grimreel dlq list` shows, a replay puts one back on its stage's queue
and makes its failed job run again."""

import uuid

import aio_pika

from shared import lifecycle, topology
from shared.codec import encode, wrap
from shared.messages.job import JobRequested, JobSpec
from shared.runtime.bus import REASON_HEADER, STAGE_HEADER
from tests.gateway.conftest import auth, submit, user

ADMIN = "jobs:read jobs:write admin"


async def dead_letter(amqp_url: str, job_id: str, stage: str, reason: str) -> str:
    """A letter in the dead-letter queue as the runtime leaves one (stage and reason headers)."""
    message_id = uuid.uuid4().hex
    spec = JobSpec(topic="the well")
    body = encode(wrap(JobRequested(job_id=job_id, spec=spec), source="test", id=message_id))
    conn = await aio_pika.connect(amqp_url)
    ch = await conn.channel()
    await ch.declare_queue(topology.DEAD_LETTER_QUEUE, durable=True, passive=True)
    msg = aio_pika.Message(
        body, message_id=message_id, headers={STAGE_HEADER: stage, REASON_HEADER: reason}
    )
    await ch.default_exchange.publish(msg, routing_key=topology.DEAD_LETTER_QUEUE)
    await conn.close()
    return message_id


async def queued(amqp_url: str, queue: str) -> int:
    conn = await aio_pika.connect(amqp_url)
    ch = await conn.channel()
    q = await ch.declare_queue(queue, passive=True)
    await conn.close()
    return q.declaration_result.message_count or 0


async def test_admins_list_and_replay_dead_letters(gateway, amqp_url) -> None:
    gw, alice = await gateway(), user()
    _, body = await submit(gw, alice)
    job_id = body["job_id"]
    assert await lifecycle.fail(gw.state, job_id, "story", "writer bug") is not None
    message_id = await dead_letter(amqp_url, job_id, "story", "ValueError: writer bug")
    admin = auth(user(), ADMIN)

    r = await gw.client.get("/admin/dead-letters", headers=admin)
    assert r.status == 200
    (letter,) = [d for d in (await r.json())["items"] if d["message_id"] == message_id]
    assert letter["stage"] == "story" and letter["job_id"] == job_id
    assert letter["reason"] == "ValueError: writer bug" and letter["kind"].endswith("requested.v1")
    # Listing leaves the letter where it was.
    again = await (await gw.client.get("/admin/dead-letters", headers=admin)).json()
    assert message_id in [d["message_id"] for d in again["items"]]

    before = await queued(amqp_url, topology.queue_name("story"))
    r = await gw.client.post(f"/admin/dead-letters/{message_id}/replay", headers=admin)
    assert r.status == 200 and await r.json() == {"replayed": 1}
    assert await queued(amqp_url, topology.queue_name("story")) == before + 1
    assert (await gw.state.get(job_id)).status == "running"
    left = await (await gw.client.get("/admin/dead-letters", headers=admin)).json()
    assert message_id not in [d["message_id"] for d in left["items"]]
    r = await gw.client.post(f"/admin/dead-letters/{message_id}/replay", headers=admin)
    assert r.status == 404 and (await r.json())["error"] == "not_found"


async def test_dead_letters_are_for_admins_only(gateway, amqp_url) -> None:
    gw, alice = await gateway(), user()
    message_id = await dead_letter(amqp_url, "j-not-theirs", "render", "boom")
    r = await gw.client.get("/admin/dead-letters", headers=auth(alice))
    assert r.status == 403 and (await r.json())["error"] == "insufficient_scope"
    r = await gw.client.post(f"/admin/dead-letters/{message_id}/replay", headers=auth(alice))
    assert r.status == 403
    assert (await gw.client.get("/admin/dead-letters")).status == 401
    r = await gw.client.get("/admin/dead-letters?limit=0", headers=auth(user(), ADMIN))
    assert r.status == 422
