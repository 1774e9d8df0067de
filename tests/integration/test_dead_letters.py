"""`grimreel dlq`: dead letters are listed with their reason and replayed into their stage."""

import asyncio

import pytest

from shared.jobs import submit
from shared.messages import JobSpec
from shared.runtime.dead_letters import list_dead, replay
from tests.conftest import AMQP_URL
from tests.integration.conftest import wait_final

pytestmark = pytest.mark.integration


async def test_a_fixed_failure_is_replayed_from_the_dead_letter_queue(rabbit_pipeline) -> None:
    broken = {"on": True}

    async def hook(name, msg, ctx) -> None:
        if name == "render" and broken["on"]:
            raise ValueError("render bug")

    _, bus, state = await rabbit_pipeline(scenes=1, hook=hook)
    job = await submit(bus, state, JobSpec(topic="replay me"))
    assert await wait_final(state, job.job_id) == "failed"
    # the job is failed first, then the message dead-lettered (so a crash between the two
    # leaves a failed job, not a stuck one): give the letter a moment to arrive
    letters: list = []
    for _ in range(50):
        letters = [d for d in await list_dead(AMQP_URL) if job.job_id.encode() in d.body]
        if letters:
            break
        await asyncio.sleep(0.1)
    assert len(letters) == 1 and letters[0].stage == "render"
    assert letters[0].job_id == job.job_id
    assert "render bug" in letters[0].reason
    assert len([d for d in await list_dead(AMQP_URL) if job.job_id.encode() in d.body]) == 1

    broken["on"] = False  # the bug is fixed; replay the letter
    assert await replay(AMQP_URL, state, letters[0].message_id) == 1
    assert await wait_final(state, job.job_id) == "completed"
    assert not [d for d in await list_dead(AMQP_URL) if job.job_id.encode() in d.body]
