"""Jobs, contexts and stored outputs for the notify tests (memory state, local storage)."""

import uuid
from typing import Any

import structlog

from shared.messages import JobSpec
from shared.runtime import Context
from shared.state.base import JobRecord
from shared.state.memory import MemoryState
from shared.storage import keys
from shared.storage.local import LocalStorage


async def new_job(state: MemoryState, **spec: Any) -> str:
    job_id = uuid.uuid4().hex[:20]
    record = JobSpec(topic=spec.pop("topic", "a lighthouse keeper hears knocking"), **spec)
    await state.create(
        JobRecord(job_id=job_id, spec=record.model_dump(mode="json"), idempotency_key="idem-1")
    )
    await state.record(job_id, {"stage": "gateway", "event": "accepted"})
    return job_id


def ctx_for(state: MemoryState, job_id: str) -> Context:
    return Context(job_id, "notify", "m1", 0, structlog.get_logger(), state)


async def seed_outputs(storage: LocalStorage, job_id: str, video_bytes: int = 2048) -> dict:
    """Final outputs as render leaves them, plus intermediates under work/."""
    outputs = {
        "video.mp4": keys.output(job_id, "video.mp4"),
        "metadata.json": keys.output(job_id, "metadata.json"),
    }
    await storage.put(outputs["video.mp4"], b"\0" * video_bytes)
    meta = b'{"title": "Knocking Below", "description": "It knocks.\\n\\n#horror"}'
    await storage.put(outputs["metadata.json"], meta)
    await storage.put(keys.scene_audio(job_id, 0), b"wav")
    await storage.put(keys.scene_image(job_id, 0), b"png")
    return outputs


def notes(timeline: list[dict[str, Any]], event: str) -> list[dict[str, Any]]:
    return [e for e in timeline if e.get("stage") == "notify" and e.get("event") == event]
