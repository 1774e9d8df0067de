"""`grimreel run`: the whole pipeline in one process, on the in-memory bus and state."""

import asyncio

from rich.console import Console

from services.catalog import build_all
from services.cli.progress import StageBars
from shared import timeline
from shared.config import Settings
from shared.jobs import submit
from shared.messages import JobSpec
from shared.runtime.hosting import Runtime
from shared.runtime.memory_bus import MemoryBus
from shared.state.base import JobRecord
from shared.state.memory import MemoryState


async def run_job(
    spec: JobSpec, settings: Settings, console: Console | None, state: MemoryState | None = None
) -> JobRecord:
    """Run one job to its end; pass ``state`` to read its timeline afterwards (bench/)."""
    bus, state = MemoryBus(), state if state is not None else MemoryState()
    runtime = Runtime(bus, state, settings, build_all(settings))
    await runtime.start()
    bars = StageBars(console) if console else None
    try:
        job = await submit(bus, state, spec)
        if bars:
            bars.progress.start()
        while True:
            current = await state.get(job.job_id)
            assert current is not None
            if bars:
                bars.update(current, timeline.read(await state.timeline(job.job_id)))
            if current.final:
                break
            await asyncio.sleep(0.2)
    finally:
        if bars:
            bars.progress.stop()
        await runtime.stop(grace_s=2)
    return current
