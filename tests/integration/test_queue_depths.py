"""Queue depths read from RabbitMQ (a vhost of this test's own: no one else consumes there)."""

import pytest

from shared import topology
from shared.codec import wrap
from shared.messages import JobRequested, JobSpec
from shared.runtime.rabbit_bus import RabbitBus
from tests.conftest import require
from tests.vhosts import ensure_vhost, purge

DELAYS = [0.5]


@pytest.fixture
def url() -> str:
    require("127.0.0.1", 5672, "RabbitMQ")
    return ensure_vhost("grimreel-queue-metrics-tests")  # runs its own event loop: not in a test


async def test_depths_count_what_waits_in_a_stage_queue_and_in_the_dead_letters(url: str) -> None:
    await purge(url, DELAYS)
    bus = RabbitBus(url, retry_delays_s=DELAYS)
    await bus.connect()
    try:
        await bus.declare(["story"])
        for i in range(2):
            msg = JobRequested(job_id=f"depth{i}", spec=JobSpec(topic=f"a door number {i}"))
            await bus.publish(wrap(msg, source="test"))
        story, dead = topology.queue_name("story"), topology.DEAD_LETTER_QUEUE
        assert await bus.depths([story, dead]) == {story: 2, dead: 0}
    finally:
        await purge(url, DELAYS)
        await bus.close()
