"""Filter stage: quality and safety checks; approve (fan out scenes), send back, or fail —
or, when the job asks for review, hold the passed story for a person to approve."""

import time
from collections.abc import Callable
from dataclasses import dataclass

from shared.messages import (
    JobSpec,
    ReviewRequested,
    SceneRequested,
    Story,
    StoryDrafted,
    StoryRejected,
)
from shared.runtime import Context, Permanent
from shared.safety.policy import Policy
from shared.safety.verdict import combine
from shared.state.base import Approval
from shared.storage import Storage, keys

QualityCheck = Callable[[Story, JobSpec], list[str]]
Judged = list[SceneRequested] | StoryRejected | ReviewRequested | None


@dataclass(frozen=True)
class FilterDeps:
    policies: list[Policy]
    quality: QualityCheck
    storage: Storage
    max_drafts: int = 3
    approval_ttl_s: float = 24 * 3600  # how long a story waits for review before the job fails


async def judge(msg: StoryDrafted, ctx: Context, deps: FilterDeps) -> Judged:
    if msg.review == "approved":  # a person approved the story this stage stored
        return await _fan_out(msg, ctx, deps, await _stored(msg.job_id, deps))
    found = [f for policy in deps.policies for f in await policy.check(msg.story)]
    reasons = deps.quality(msg.story, msg.spec) + combine(found).reasons()
    if reasons and msg.review == "edited":  # the reviewer's edit: back to them, not the writer
        ctx.log.warning("story.edit_refused", reasons=reasons[:5])
        await _hold(msg, ctx, deps, refused=reasons)
        return None
    if reasons:
        return _send_back(msg, ctx, deps, reasons)
    key = keys.story(msg.job_id)
    await deps.storage.put(key, msg.story.model_dump_json(indent=2).encode(), "application/json")
    if msg.spec.approval:
        deadline = await _hold(msg, ctx, deps, refused=None)
        if msg.review is None:  # the first time it waits: tell the reviewer (notify)
            return ReviewRequested(
                job_id=msg.job_id, spec=msg.spec, story=msg.story, deadline=deadline
            )
        return None
    return await _fan_out(msg, ctx, deps, msg.story)


def _send_back(msg: StoryDrafted, ctx: Context, deps: FilterDeps, reasons: list[str]) -> Judged:
    drafts = msg.round + 1
    ctx.log.warning("story.rejected", draft=drafts, reasons=reasons[:5])
    if msg.spec.parent_id is not None:  # a redo's edit: a rewrite would lose what it reuses
        raise Permanent("the edited story was refused: " + "; ".join(reasons))
    if drafts >= deps.max_drafts:
        raise Permanent(f"story rejected after {drafts} drafts: " + "; ".join(reasons))
    return StoryRejected(
        job_id=msg.job_id, spec=msg.spec, story=msg.story, round=drafts, feedback=reasons
    )


async def _hold(
    msg: StoryDrafted, ctx: Context, deps: FilterDeps, refused: list[str] | None
) -> float:
    now = time.time()
    approval = Approval(
        deadline=now + deps.approval_ttl_s, paused_at=now, refused=refused, round=msg.round
    )
    await ctx.pause(approval)
    return approval.deadline


async def _stored(job_id: str, deps: FilterDeps) -> Story:
    key = keys.story(job_id)
    if not await deps.storage.exists(key):
        raise Permanent("approved at review, but the story is gone from storage")
    return Story.model_validate_json(await deps.storage.get(key))


async def _fan_out(
    msg: StoryDrafted, ctx: Context, deps: FilterDeps, story: Story
) -> list[SceneRequested]:
    key, n = keys.story(msg.job_id), len(story.scenes)
    await ctx.note("approved", scenes=n)  # progress readers count scene work against this
    return [
        SceneRequested(job_id=msg.job_id, spec=msg.spec, scene=s, scene_count=n, story_key=key)
        for s in story.scenes
    ]
