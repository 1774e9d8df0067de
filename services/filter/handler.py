"""Filter stage: quality and safety checks; approve (fan out scenes), send back, or fail."""

from collections.abc import Callable
from dataclasses import dataclass

from shared.messages import JobSpec, SceneRequested, Story, StoryDrafted, StoryRejected
from shared.runtime import Context, Permanent
from shared.safety.policy import Policy
from shared.safety.verdict import combine
from shared.storage import Storage, keys

QualityCheck = Callable[[Story, JobSpec], list[str]]


@dataclass(frozen=True)
class FilterDeps:
    policies: list[Policy]
    quality: QualityCheck
    storage: Storage
    max_drafts: int = 3


async def judge(
    msg: StoryDrafted, ctx: Context, deps: FilterDeps
) -> list[SceneRequested] | StoryRejected:
    found = [f for policy in deps.policies for f in await policy.check(msg.story)]
    reasons = deps.quality(msg.story, msg.spec) + combine(found).reasons()
    if reasons:
        drafts = msg.round + 1
        ctx.log.warning("story.rejected", draft=drafts, reasons=reasons[:5])
        if msg.spec.parent_id is not None:  # a redo's edit: a rewrite would lose what it reuses
            raise Permanent("the edited story was refused: " + "; ".join(reasons))
        if drafts >= deps.max_drafts:
            raise Permanent(f"story rejected after {drafts} drafts: " + "; ".join(reasons))
        return StoryRejected(
            job_id=msg.job_id, spec=msg.spec, story=msg.story, round=drafts, feedback=reasons
        )
    key = keys.story(msg.job_id)
    await deps.storage.put(key, msg.story.model_dump_json(indent=2).encode(), "application/json")
    n = len(msg.story.scenes)
    await ctx.note("approved", scenes=n)  # progress readers count scene work against this
    return [
        SceneRequested(job_id=msg.job_id, spec=msg.spec, scene=s, scene_count=n, story_key=key)
        for s in msg.story.scenes
    ]
