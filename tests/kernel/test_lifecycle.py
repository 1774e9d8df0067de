"""The one owner of final status: first writer wins, one event, failure announced once."""

from shared import lifecycle, timeline
from shared.state.base import JobRecord
from shared.state.memory import MemoryState


async def new_job(state: MemoryState, key: str | None = None) -> str:
    await state.create(JobRecord(job_id="j1", spec={"topic": "t"}, idempotency_key=key))
    return "j1"


async def test_a_failure_is_announced_once_with_the_senders_key() -> None:
    state = MemoryState()
    job_id = await new_job(state, key="n8n-1")
    first = await lifecycle.fail(state, job_id, "tts", "scene 2: refused", scene=2)
    again = await lifecycle.fail(state, job_id, "visual", "late duplicate")
    assert first is not None and first.idempotency_key == "n8n-1" and first.scene == 2
    assert again is None
    job = await state.get(job_id)
    assert job is not None and (job.status, job.error) == ("failed", "scene 2: refused")
    events = timeline.read(await state.timeline(job_id))
    assert [(e.stage, e.event) for e in events] == [("tts", "failed")]


async def test_completion_after_cancel_is_refused() -> None:
    state = MemoryState()
    job_id = await new_job(state)
    assert await lifecycle.cancel(state, job_id, by="alice")
    assert not await lifecycle.complete(state, job_id, "notify", {"video.mp4": "k"})
    job = await state.get(job_id)
    assert job is not None and job.status == "cancelled"


async def test_an_unknown_job_is_neither_failed_nor_announced() -> None:
    assert await lifecycle.fail(MemoryState(), "nope", "story", "r") is None
