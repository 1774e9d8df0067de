"""The runtime on real RabbitMQ + Redis: completion, duplicates, retries, DLQ, crashes."""

import asyncio
import json
import signal

import aio_pika
import pytest

from shared import topology
from shared.codec import wrap
from shared.jobs import submit
from shared.messages import JobSpec
from shared.runtime.bus import REASON_HEADER
from tests.conftest import AMQP_URL
from tests.integration.conftest import start_worker, wait_final

pytestmark = pytest.mark.integration


async def dead_letters(
    predicate, timeout: float = 10.0
) -> list[aio_pika.abc.AbstractIncomingMessage]:
    conn = await aio_pika.connect(AMQP_URL)
    ch = await conn.channel()
    q = await ch.declare_queue(topology.DEAD_LETTER_QUEUE, passive=True)
    found = []
    async with asyncio.timeout(timeout):
        while not found:
            m = await q.get(fail=False)
            if m is None:
                await asyncio.sleep(0.05)
                continue
            await m.ack()
            if predicate(m):
                found.append(m)
    await conn.close()
    return found


async def started(state, job_id: str, stage: str) -> None:
    async with asyncio.timeout(10):
        while not any(
            e["stage"] == stage and e["event"] == "started" for e in await state.timeline(job_id)
        ):
            await asyncio.sleep(0.05)


async def test_a_job_completes_through_six_stages_on_rabbitmq(rabbit_pipeline) -> None:
    _, bus, state = await rabbit_pipeline(scenes=3)
    job = await submit(bus, state, JobSpec(topic="the lighthouse knocks"))
    assert await wait_final(state, job.job_id) == "completed"
    done = [e["stage"] for e in await state.timeline(job.job_id) if e.get("event") == "done"]
    assert done.count("tts") == 3 and done.count("visual") == 3 and done.count("render") == 1


async def test_duplicated_messages_still_give_one_render(rabbit_pipeline) -> None:
    rt, bus, state = await rabbit_pipeline(scenes=2)
    original = bus.publish

    async def twice(env):
        await original(env)
        await original(env)

    bus.publish = twice  # every message of the job goes out two times
    job = await submit(bus, state, JobSpec(topic="twice told"))
    assert await wait_final(state, job.job_id) == "completed"
    await asyncio.sleep(1.0)
    done = [e["stage"] for e in await state.timeline(job.job_id) if e.get("event") == "done"]
    assert done.count("render") == 1 and done.count("notify") == 1
    assert done.count("tts") == 2


async def test_a_raising_handler_is_retried_then_dead_lettered(rabbit_pipeline) -> None:
    attempts: list[int] = []

    async def hook(name, msg, ctx) -> None:
        if name == "visual" and msg.spec.topic == "cursed reel":
            attempts.append(ctx.attempt)
            raise RuntimeError("painter fell over")

    _, bus, state = await rabbit_pipeline(scenes=1, hook=hook)
    bad = await submit(bus, state, JobSpec(topic="cursed reel"))
    good = await submit(bus, state, JobSpec(topic="fine reel"))
    assert await wait_final(state, bad.job_id) == "failed"
    assert await wait_final(state, good.job_id) == "completed"
    assert attempts == [0, 1, 2]
    job = await state.get(bad.job_id)
    assert "painter fell over" in job.error
    retries = [e for e in await state.timeline(bad.job_id) if e.get("event") == "retry"]
    assert [r["delay_s"] for r in retries] == [0.2, 0.4]
    dead = await dead_letters(lambda m: bad.job_id.encode() in m.body)
    assert "painter fell over" in dead[0].headers[REASON_HEADER]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"\xff\xfe not json", "not JSON"),
        (
            json.dumps({"type": "grimreel.story.drafted.v7", "correlationid": "x", "data": {}}),
            "unsupported major version v7",
        ),
        (
            json.dumps({"type": "grimreel.bogus.v1", "correlationid": "x", "data": {}}),
            "unknown message type",
        ),
    ],
)
async def test_malformed_messages_go_to_the_dead_letter_queue(
    rabbit_pipeline, body, reason
) -> None:
    await rabbit_pipeline(only={"filter"})
    conn = await aio_pika.connect(AMQP_URL)
    ch = await conn.channel()
    raw = body if isinstance(body, bytes) else body.encode()
    await ch.default_exchange.publish(aio_pika.Message(raw), routing_key="grimreel.filter")
    await conn.close()
    dead = await dead_letters(lambda m: m.body == raw)
    assert reason in dead[0].headers[REASON_HEADER]


async def test_a_message_missing_a_field_fails_its_job(rabbit_pipeline) -> None:
    _, bus, state = await rabbit_pipeline(only={"filter", "notify"})
    from shared.messages import StoryDrafted
    from shared.runtime.stub_stages import stub_story
    from shared.state.base import JobRecord

    await state.create(JobRecord(job_id="missingfield01"))
    env = wrap(
        StoryDrafted(job_id="missingfield01", spec=JobSpec(topic="abc"), story=stub_story(1)),
        source="test",
    )
    data = {k: v for k, v in env.data.items() if k != "story"}
    await bus.publish(env.model_copy(update={"data": data}))
    assert await wait_final(state, "missingfield01") == "failed"
    assert "story: Field required" in (await state.get("missingfield01")).error


async def test_a_sigkilled_worker_message_is_redelivered_and_the_job_completes(
    rabbit_pipeline,
) -> None:
    _, bus, state = await rabbit_pipeline(only={"story", "filter", "visual", "render", "notify"})
    victim = start_worker("tts", sleep_s=30)
    job = await submit(bus, state, JobSpec(topic="killed mid scene"))
    await started(state, job.job_id, "tts")
    victim.send_signal(signal.SIGKILL)
    victim.wait(5)
    rescuer = start_worker("tts", sleep_s=0)
    try:
        assert await wait_final(state, job.job_id) == "completed"
    finally:
        rescuer.send_signal(signal.SIGTERM)
        rescuer.wait(10)


async def test_sigterm_lets_the_inflight_handler_finish(rabbit_pipeline) -> None:
    _, bus, state = await rabbit_pipeline(only={"story", "filter", "visual", "render", "notify"})
    worker = start_worker("tts", sleep_s=1.5, grace=10)
    job = await submit(bus, state, JobSpec(topic="finish before leaving"))
    await started(state, job.job_id, "tts")
    worker.send_signal(signal.SIGTERM)
    assert await asyncio.to_thread(worker.wait, 20) == 0
    assert await wait_final(state, job.job_id) == "completed"


async def test_sigterm_past_the_grace_hands_the_message_back(rabbit_pipeline) -> None:
    _, bus, state = await rabbit_pipeline(only={"story", "filter", "visual", "render", "notify"})
    worker = start_worker("tts", sleep_s=30, grace=0.2)
    job = await submit(bus, state, JobSpec(topic="handed back"))
    await started(state, job.job_id, "tts")
    worker.send_signal(signal.SIGTERM)
    assert await asyncio.to_thread(worker.wait, 10) == 0
    assert (await state.get(job.job_id)).status == "running"
    rescuer = start_worker("tts", sleep_s=0)
    try:
        assert await wait_final(state, job.job_id) == "completed"
    finally:
        rescuer.send_signal(signal.SIGTERM)
        rescuer.wait(10)


async def test_a_second_signal_exits_at_once(rabbit_pipeline) -> None:
    _, bus, state = await rabbit_pipeline(only={"story", "filter", "visual", "render", "notify"})
    worker = start_worker("tts", sleep_s=30, grace=60)
    job = await submit(bus, state, JobSpec(topic="impatient operator"))
    await started(state, job.job_id, "tts")
    worker.send_signal(signal.SIGTERM)
    await asyncio.sleep(0.5)
    assert worker.poll() is None  # still draining within its 60 s grace
    worker.send_signal(signal.SIGTERM)
    assert await asyncio.to_thread(worker.wait, 5) == 130
