"""`grimreel redo`: a new job from a finished `grimreel run` in the same output folder, making
one scene's picture and/or voice again (or nothing: the full video of a preview) and copying
every other scene's files from it (shared/redo.py), in this process."""

from rich.console import Console

from services.cli.run import SPEC_FILE, run_job
from shared.config import Settings
from shared.jobs import new_job_id
from shared.messages import JobSpec
from shared.redo import RedoRefused, RedoRequest, check_assets, derive, read_story, submit_derived
from shared.runtime.bus import Bus
from shared.state.base import JobRecord, StateStore
from shared.storage import keys
from shared.wiring import make_storage


async def redo_job(
    parent_id: str, ask: RedoRequest, settings: Settings, console: Console | None
) -> JobRecord:
    """The new job, run to its end; RedoRefused when the parent cannot be redone."""
    storage = make_storage(settings, wait_out_outages=False)
    try:
        spec = JobSpec.model_validate_json(await storage.get(keys.output(parent_id, SPEC_FILE)))
    except FileNotFoundError:
        where = settings.storage_dir / parent_id
        raise RedoRefused(
            f"no job {parent_id} in {where} (or it predates `grimreel redo`)"
        ) from None
    derived = derive(parent_id, spec, await read_story(storage, parent_id), ask)
    await check_assets(storage, derived.spec)

    async def start(bus: Bus, state: StateStore) -> JobRecord:
        return await submit_derived(bus, state, derived, job_id=new_job_id())

    return await run_job(derived.spec, settings, console, start=start)
