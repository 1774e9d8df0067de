"""`grimreel run` and `grimreel redo`: the whole pipeline in one process, on the in-memory bus
and state."""

import asyncio
from collections.abc import Awaitable, Callable

from rich.console import Console

from services.catalog import build_all
from services.cli.progress import StageBars
from services.cli.review import Decision
from shared import review, timeline
from shared.config import Settings
from shared.jobs import submit
from shared.messages import JobSpec, Story
from shared.runtime.bus import Bus
from shared.runtime.hosting import Runtime
from shared.runtime.memory_bus import MemoryBus
from shared.state.base import PAUSED, JobRecord, StateStore
from shared.state.memory import MemoryState
from shared.storage import keys
from shared.storage.base import Storage
from shared.wiring import make_storage

Reviewer = Callable[[Story, list[str] | None], Decision]
# Beside the job's outputs: what it asked for, so `grimreel redo` can make it again in part
# (the gateway keeps it in the job's record instead).
SPEC_FILE = "job.json"
Start = Callable[[Bus, StateStore], Awaitable[JobRecord]]


async def run_job(
    spec: JobSpec,
    settings: Settings,
    console: Console | None,
    state: MemoryState | None = None,
    reviewer: Reviewer | None = None,
    start: Start | None = None,
) -> JobRecord:
    """Run one job to its end; pass ``state`` to read its timeline afterwards (bench/),
    ``reviewer`` to answer the approval gate when the job asks for review, and ``start`` to
    enter the job other than at the story stage (a redo)."""
    bus, state = MemoryBus(), state if state is not None else MemoryState()
    storage = make_storage(settings)
    runtime = Runtime(bus, state, settings, build_all(settings))
    await runtime.start()
    bars = StageBars(console) if console else None
    try:
        job = await (start or _from_topic(spec))(bus, state)
        await storage.put(
            keys.output(job.job_id, SPEC_FILE), spec.model_dump_json(indent=2).encode()
        )
        if bars:
            bars.progress.start()
        while True:
            current = await state.get(job.job_id)
            assert current is not None
            if bars:
                bars.update(current, timeline.read(await state.timeline(job.job_id)))
            if current.final:
                break
            if current.status == PAUSED and reviewer is not None:
                if bars:
                    bars.progress.stop()
                await _review(reviewer, bus, state, storage, current)
                if bars:
                    bars.progress.start()
            await asyncio.sleep(0.2)
    finally:
        if bars:
            bars.progress.stop()
        await runtime.stop(grace_s=2)
    return current


def _from_topic(spec: JobSpec) -> Start:
    async def start(bus: Bus, state: StateStore) -> JobRecord:
        return await submit(bus, state, spec)

    return start


async def _review(
    reviewer: Reviewer, bus: Bus, state: MemoryState, storage: Storage, job: JobRecord
) -> None:
    story = await review.stored_story(storage, job.job_id)
    if story is None:
        return
    refused = job.approval.refused if job.approval else None
    decision = await asyncio.to_thread(reviewer, story, refused)
    if decision.action == "approve":
        await review.approve(bus, state, storage, job, by="cli")
    elif decision.action == "edit" and decision.edit is not None:
        await review.edit(bus, state, storage, job, decision.edit, by="cli")
    else:
        await review.reject(state, job, by="cli", reason=decision.reason)
