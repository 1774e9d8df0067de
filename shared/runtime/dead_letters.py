"""Inspect and replay RabbitMQ dead letters (`grimreel dlq ...`, the gateway's /admin routes)."""

import contextlib
from dataclasses import dataclass
from typing import Any

import aio_pika

from shared import topology
from shared.codec import DecodeError, decode_envelope
from shared.runtime.bus import ATTEMPT_HEADER, REASON_HEADER, STAGE_HEADER
from shared.state.base import StateStore


@dataclass
class DeadLetter:
    message_id: str | None
    stage: str
    reason: str
    body: bytes
    headers: dict[str, Any]
    job_id: str | None = None  # the envelope's correlationid; None when it cannot be decoded
    kind: str | None = None  # the envelope's type


def _text(v: Any) -> str:
    return v.decode(errors="replace") if isinstance(v, bytes) else str(v or "")


async def _drain(url: str, limit: int) -> tuple[Any, list[Any]]:
    conn = await aio_pika.connect(url)
    ch = await conn.channel()
    try:
        q = await ch.declare_queue(topology.DEAD_LETTER_QUEUE, passive=True)
    except aio_pika.exceptions.ChannelClosed:  # never declared: no stage ran here, no letters
        return conn, []
    got: list[Any] = []
    while len(got) < limit and (m := await q.get(fail=False, no_ack=False)) is not None:
        got.append(m)
    return conn, got


def _letter(m: Any) -> DeadLetter:
    h = dict(m.headers or {})
    stage = _text(h.get(STAGE_HEADER)) or _death_stage(h)
    reason = _text(h.get(REASON_HEADER)) or _text((h.get("x-death") or [{}])[0].get("reason"))
    job_id = kind = None
    with contextlib.suppress(DecodeError):
        envelope = decode_envelope(m.body, h)
        job_id, kind = envelope.correlationid, envelope.type
    return DeadLetter(m.message_id, stage, reason, m.body, h, job_id, kind)


def _death_stage(h: dict[str, Any]) -> str:
    deaths = h.get("x-death") or [{}]
    queue = _text(deaths[0].get("queue"))
    return queue.removeprefix(f"{topology.EXCHANGE}.")


async def list_dead(url: str, limit: int = 100) -> list[DeadLetter]:
    """Read without removing: every message is returned to the queue."""
    conn, got = await _drain(url, limit)
    try:
        letters = [_letter(m) for m in got]
        for m in got:
            await m.nack(requeue=True)
    finally:
        await conn.close()  # unacked letters go back to the queue with the connection
    return letters


async def replay(
    url: str, state: StateStore, message_id: str | None = None, limit: int = 100
) -> int:
    """Send dead letters (one, or all) back to the queue of the stage that gave up on them,
    and make their failed jobs running again."""
    conn, got = await _drain(url, limit)
    try:
        return await _resend(conn, got, state, message_id)
    finally:
        await conn.close()


async def _resend(conn: Any, got: list[Any], state: StateStore, message_id: str | None) -> int:
    ch = await conn.channel(publisher_confirms=True)
    count = 0
    for m in got:
        letter = _letter(m)
        if (message_id and letter.message_id != message_id) or not letter.stage:
            await m.nack(requeue=True)
            continue
        headers = {
            k: v
            for k, v in letter.headers.items()
            if not k.startswith("x-death") and k not in (ATTEMPT_HEADER, REASON_HEADER)
        }
        msg = aio_pika.Message(
            m.body,
            headers=headers,
            message_id=m.message_id,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        )
        # An undecodable letter has no job to revive; it will be dead-lettered again.
        if letter.job_id is not None:
            await state.revive(letter.job_id)
        await ch.default_exchange.publish(msg, routing_key=topology.queue_name(letter.stage))
        await m.ack()
        count += 1
    return count
