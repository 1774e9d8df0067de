"""The approval gate's actions on a paused job: read its story, approve it, edit a scene,
reject it, and expire the jobs nobody approved in time. The gateway and the CLI both call
these, so a review means the same thing over HTTP and in one process.

A paused job has no message in flight: approving or editing resumes it (a compare-and-set, so
two reviewers cannot both act) and sends one ``story.drafted`` back to the filter, marked
with what the reviewer did."""

import time
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared import lifecycle, timeline
from shared.codec import wrap
from shared.messages.job import JobSpec
from shared.messages.outcome import JobFailed
from shared.messages.story import Scene, Story, StoryDrafted
from shared.runtime.bus import Bus
from shared.state.base import PAUSED, Approval, JobRecord, StateStore
from shared.storage import Storage, keys

SOURCE = "grimreel/review"


class NotPaused(Exception):
    """The job is not awaiting approval (any more): nothing to review."""

    def __init__(self, job: JobRecord) -> None:
        super().__init__(f"the job is {job.status}, not awaiting approval")


class SceneEdit(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    index: int = Field(ge=0)
    narration: str | None = Field(default=None, min_length=1, max_length=2000)
    image_prompt: str | None = Field(default=None, min_length=1, max_length=1000)


class StoryEdit(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    scenes: list[SceneEdit] = Field(min_length=1, max_length=15)


async def stored_story(storage: Storage, job_id: str) -> Story | None:
    """The story the filter passed last (what a reviewer sees), or None before there is one."""
    key = keys.story(job_id)
    if not await storage.exists(key):
        return None
    return Story.model_validate_json(await storage.get(key))


def apply_edit(story: Story, edit: StoryEdit) -> Story:
    """The story with the edited scenes' fields replaced; ValueError names a missing scene."""
    by_index = {s.index: s for s in story.scenes}
    for e in edit.scenes:
        if e.index not in by_index:
            raise ValueError(f"scene {e.index} does not exist; the story has {len(story.scenes)}")
        changed = e.model_dump(exclude={"index"}, exclude_none=True)
        by_index[e.index] = Scene.model_validate({**by_index[e.index].model_dump(), **changed})
    return story.model_copy(update={"scenes": [by_index[s.index] for s in story.scenes]})


async def _send_back(bus: Bus, state: StateStore, job: JobRecord, msg: StoryDrafted) -> None:
    """Resume the job and send the story to the filter; re-pause if the bus refuses it, so a
    failed send leaves the job reviewable instead of running with nothing in flight."""
    approval = job.approval or Approval(deadline=time.time())
    if not await state.resume(job.job_id):
        raise NotPaused(await state.get(job.job_id) or job)
    try:
        await bus.publish(wrap(msg, source=SOURCE))
    except Exception:
        await state.pause(job.job_id, approval)
        raise


async def _paused_story(storage: Storage, job: JobRecord) -> Story:
    """The story a paused job waits on; NotPaused when the job has none to review."""
    story = await stored_story(storage, job.job_id) if job.status == PAUSED else None
    if story is None:
        raise NotPaused(job)
    return story


def _back_to_filter(
    job: JobRecord, story: Story, review: Literal["approved", "edited"]
) -> StoryDrafted:
    return StoryDrafted(
        job_id=job.job_id,
        spec=JobSpec.model_validate(job.spec),
        story=story,
        round=job.approval.round if job.approval else 0,
        review=review,
    )


async def approve(bus: Bus, state: StateStore, storage: Storage, job: JobRecord, by: str) -> None:
    story = await _paused_story(storage, job)
    await _send_back(bus, state, job, _back_to_filter(job, story, "approved"))
    await state.record(job.job_id, timeline.event(lifecycle.REVIEW, "approved", by=by))


async def edit(
    bus: Bus, state: StateStore, storage: Storage, job: JobRecord, change: StoryEdit, by: str
) -> None:
    """Send the edited story to be judged again; ValueError names a scene that does not exist."""
    edited = apply_edit(await _paused_story(storage, job), change)
    await _send_back(bus, state, job, _back_to_filter(job, edited, "edited"))
    scenes = [e.index for e in change.scenes]
    await state.record(job.job_id, timeline.event(lifecycle.REVIEW, "edited", by=by, edited=scenes))


async def reject(state: StateStore, job: JobRecord, by: str, reason: str | None) -> None:
    if not await lifecycle.reject(state, job.job_id, by=by, reason=reason or "no reason given"):
        raise NotPaused(await state.get(job.job_id) or job)


async def expire_due(state: StateStore, now: float | None = None) -> list[JobFailed]:
    """Fail every paused job past its deadline; the announcements to publish. Safe to run in
    several processes at once: each job fails once."""
    out: list[JobFailed] = []
    for job_id in await state.paused_until(time.time() if now is None else now):
        job = await state.get(job_id)
        if job is None or job.status != PAUSED or job.approval is None:
            await state.unlist_paused(job_id)
            continue
        hours = (job.approval.deadline - job.approval.paused_at) / 3600
        reason = f"approval expired: the story was not approved within {hours:.3g} h"
        failed = await lifecycle.expire(state, job_id, reason)
        if failed is not None:
            out.append(failed)
    return out
