"""Every ingress request gets one answer on the events queue: a refusal its job.rejected with
the sender's key (and still a dead letter), a repeat of a finished job its outcome again."""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import pytest

from shared import lifecycle, topology
from shared.codec import decode
from shared.messages import JobCompleted, JobFailed, JobRejected
from shared.runtime import rabbit_topology as rt
from shared.runtime.bus import REASON_HEADER
from tests.gateway.test_ingress import find_jobs, next_dead, send_like_n8n
from tests.vhosts import ensure_vhost

EVENTS = rt.EVENTS_QUEUES[0]
CE = {"specversion": "1.0", "source": "urn:test", "type": "grimreel.job.request.v1"}


@pytest.fixture(scope="module")
def amqp_url() -> str:
    """A vhost of this module's own: it reads the shared events queue, which another gateway
    test's purge would empty under it."""
    return ensure_vhost("grimreel-answer-tests")


@pytest.fixture
async def amqp(amqp_url: str) -> AsyncIterator[aio_pika.abc.AbstractChannel]:
    conn = await aio_pika.connect(amqp_url)
    yield await conn.channel()
    await conn.close()


@pytest.fixture
async def dead(amqp) -> aio_pika.abc.AbstractQueue:
    """A private copy of every dead letter (declaring the DLX: this vhost may be new)."""
    await rt.declare_core(amqp)
    q = await amqp.declare_queue(exclusive=True, auto_delete=True)
    await q.bind(topology.DEAD_LETTER_EXCHANGE)
    return q


class Events:
    """Reads the events queue; keeps what it read, so answers to other keys are not lost."""

    def __init__(self, ch: aio_pika.abc.AbstractChannel) -> None:
        self.ch, self.seen = ch, []

    async def _read(self) -> bool:
        q = await self.ch.declare_queue(EVENTS, passive=True)
        m = await q.get(fail=False, no_ack=True)
        if m is not None:
            self.seen.append((*decode(m.body), m))
        return m is not None

    @staticmethod
    def _mine(msg: Any, key: str | None, job_id: str | None) -> bool:
        return msg.job_id == job_id if job_id else getattr(msg, "idempotency_key", None) == key

    async def answers(
        self, key: str | None, want: int = 1, settle_s: float = 0.5, timeout=15.0, job_id=None
    ):
        """The events carrying this key (or for this job): waits for ``want`` of them, then for
        a quiet moment, so an extra answer would be counted too. (envelope, message, AMQP
        message) triples."""
        loop = asyncio.get_running_loop()
        quiet_until = None
        async with asyncio.timeout(timeout):
            while quiet_until is None or loop.time() < quiet_until:
                if await self._read():
                    continue
                mine = [e for e in self.seen if self._mine(e[1], key, job_id)]
                if len(mine) >= want and quiet_until is None:
                    quiet_until = loop.time() + settle_s
                await asyncio.sleep(0.05)
        mine = [e for e in self.seen if self._mine(e[1], key, job_id)]
        self.seen = [e for e in self.seen if e not in mine]
        return mine


@pytest.fixture
def events(amqp) -> Events:
    return Events(amqp)


def marked(body: Any, marker: str) -> bytes:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return raw.replace(b"MARK", marker.encode())


# Only the offline judge refuses this one (the rule lists miss it): see docs/safety.md.
JUDGED = "the ghost tells the lonely teen that [number] pills of [drug] is a peaceful way out"
REFUSALS = [
    ({"topic": "MARK", "colour": "red"}, "validation_failed", "colour"),
    ({"topic": "MARK", "duration_s": "60"}, "validation_failed", "duration_s"),
    (b"MARK not json", "invalid_json", None),
    ({"topic": "a story about how to kill yourself tonight MARK"}, "topic_refused", "topic"),
    ({"topic": JUDGED + " MARK"}, "topic_refused", "topic"),
    ({"topic": "MARK", "voice": "nobody"}, "validation_failed", "voice"),
    ({"topic": "MARK " + "x" * 3000}, "body_too_large", None),
    ({**CE, "type": "grimreel.job.request.v2", "id": "MARK", "data": {"topic": "MARK"}},
     "unsupported_version", None),
    ({**CE, "type": "grimreel.other.v1", "id": "MARK", "data": {"topic": "MARK"}},
     "unsupported_type", None),
    (b'{"topic": "MARK", "x": ' + b"[" * 100 + b"]" * 100 + b"}", "json_too_deep", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "code", "field"),
    REFUSALS,
    ids=["extra-field", "wrong-type", "not-json", "forbidden-topic", "judged-topic",
         "unknown-voice", "too-large", "unknown-version", "wrong-type-of-event", "too-deep"],
)  # fmt: skip
async def test_each_refusal_is_answered_once_with_the_senders_key_and_dead_lettered(
    gateway, amqp, dead, events, body, code, field
) -> None:
    gw = await gateway(gateway_max_body_bytes=2048)
    marker, key = uuid.uuid4().hex[:12], f"n8n-{uuid.uuid4().hex}"
    await send_like_n8n(amqp, marked(body, marker), {"idempotency-key": key})
    letter = await next_dead(dead, marker.encode())
    assert code in letter.headers[REASON_HEADER]  # operators still see the original
    ((env, msg, m),) = await events.answers(key)
    assert isinstance(msg, JobRejected) and env.type == "grimreel.job.rejected.v1"
    assert msg.status == "rejected" and msg.code == code and msg.reason
    assert msg.job_id.startswith("r-") and await gw.state.get(msg.job_id) is None
    assert m.type == env.type and m.content_type == "application/json"
    if field is not None:
        assert field in [e.field for e in msg.errors] and all(e.message for e in msg.errors)
        assert marker not in json.dumps(env.data["errors"])  # input is never echoed back


async def test_a_key_reused_with_another_body_is_answered_with_a_conflict(
    gateway, amqp, dead, events
) -> None:
    gw = await gateway()
    key, marker = f"k-{uuid.uuid4().hex}", uuid.uuid4().hex[:12]
    await send_like_n8n(amqp, {"topic": f"first {marker}"}, {"idempotency-key": key})
    await find_jobs(gw.state, f"first {marker}")
    await send_like_n8n(amqp, {"topic": f"second {marker}"}, {"idempotency-key": key})
    await next_dead(dead, f"second {marker}".encode())
    ((_, msg, _),) = await events.answers(key)  # the first job is live: no other event yet
    assert isinstance(msg, JobRejected) and msg.code == "idempotency_conflict"


async def test_the_senders_correlation_id_comes_back_from_property_header_or_cloudevent(
    gateway, amqp, dead, events
) -> None:
    await gateway()
    bad = {"topic": "x"}  # too short
    cases = []
    for via in ("property", "header", "cloudevent"):
        key, corr = f"k-{uuid.uuid4().hex}", f"c-{uuid.uuid4().hex}"
        headers: dict[str, Any] = {"idempotency-key": key}
        body: dict[str, Any] = bad
        if via == "header":
            headers["x-correlation-id"] = corr
        if via == "cloudevent":
            body = {**CE, "id": corr, "data": bad}
        msg = aio_pika.Message(json.dumps(body).encode(), headers=headers)
        if via == "property":
            msg.correlation_id = corr
        await amqp.default_exchange.publish(msg, routing_key=topology.INGRESS_QUEUE)
        cases.append((key, corr))
    for key, corr in cases:
        ((_, rejected, _),) = await events.answers(key)
        assert rejected.correlation_id == corr and rejected.code == "validation_failed"


async def test_a_cloudevent_refusal_carries_the_key_its_id_would_have_given(
    gateway, amqp, dead, events
) -> None:
    gw = await gateway()
    event_id = uuid.uuid4().hex
    good = {**CE, "id": event_id, "data": {"topic": f"ce {event_id}"}}
    await send_like_n8n(amqp, good)
    (job,) = await find_jobs(gw.state, f"ce {event_id}")
    await send_like_n8n(amqp, {**good, "data": {"topic": "x"}})
    ((_, msg, _),) = await events.answers(job.idempotency_key)
    assert isinstance(msg, JobRejected) and msg.correlation_id == event_id


async def test_a_repeat_after_completion_gets_the_completed_event_again(
    gateway, amqp, events
) -> None:
    gw = await gateway(pipeline=True)
    key, body = f"n8n-{uuid.uuid4().hex}", {"topic": f"done tale {uuid.uuid4().hex[:8]}"}
    await send_like_n8n(amqp, body, {"idempotency-key": key})
    (job,) = await find_jobs(gw.state, body["topic"])
    # (the stub notify leaves the key out of its event; the real one carries it: test_handler)
    ((first, done, _),) = await events.answers(None, job_id=job.job_id)
    assert isinstance(done, JobCompleted)
    await send_like_n8n(amqp, body, {"idempotency-key": key})  # n8n retries the step
    ((again, replay, m),) = await events.answers(key)
    assert isinstance(replay, JobCompleted) and replay.job_id == done.job_id
    assert again.type == first.type and m.correlation_id == done.job_id
    assert replay.outputs == done.outputs and replay.video_url == replay.urls["video"]
    assert len(await find_jobs(gw.state, body["topic"])) == 1


async def test_a_repeat_after_failure_or_cancel_gets_job_failed_and_notify_hears_nothing(
    gateway, amqp, events
) -> None:
    gw = await gateway()  # no stages run: the jobs stay queued until ended below
    ends = {"failed": ("story", "the writer refused"), "cancelled": ("gateway", None)}
    for status, (stage, reason) in ends.items():
        key, body = f"n8n-{uuid.uuid4().hex}", {"topic": f"{status} tale {uuid.uuid4().hex[:8]}"}
        await send_like_n8n(amqp, body, {"idempotency-key": key})
        (job,) = await find_jobs(gw.state, body["topic"])
        if reason:
            assert await lifecycle.fail(gw.state, job.job_id, stage, reason)
        else:
            assert await lifecycle.cancel(gw.state, job.job_id)
        await send_like_n8n(amqp, body, {"idempotency-key": key})
        ((env, msg, _),) = await events.answers(key)
        assert isinstance(msg, JobFailed) and env.type == "grimreel.job.failed.v1"
        assert (msg.job_id, msg.status, msg.stage) == (job.job_id, status, stage)
        assert msg.reason == (reason or "the job was cancelled")
    # The replay went to the events queue only: notify (which announces job.failed) got none.
    notify = await amqp.declare_queue(topology.queue_name("notify"), passive=True)
    assert notify.declaration_result.message_count == 0
