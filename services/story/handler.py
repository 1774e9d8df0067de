"""Story stage: a topic becomes a drafted story; a rejected draft is rewritten with feedback."""

from dataclasses import dataclass

from services.story.writer import Writer
from shared.messages import JobRequested, StoryDrafted, StoryRejected
from shared.runtime import Context


@dataclass(frozen=True)
class StoryDeps:
    writer: Writer


async def draft(msg: JobRequested, ctx: Context, deps: StoryDeps) -> StoryDrafted:
    story = await deps.writer.write(msg.spec, feedback=[], round_=0)
    ctx.log.info("story.drafted", title=story.title, scenes=len(story.scenes))
    return StoryDrafted(
        job_id=msg.job_id, spec=msg.spec, story=story, round=0, provider=deps.writer.name
    )


async def redraft(msg: StoryRejected, ctx: Context, deps: StoryDeps) -> StoryDrafted:
    story = await deps.writer.write(msg.spec, feedback=msg.feedback, round_=msg.round)
    ctx.log.info("story.redrafted", round=msg.round, feedback=msg.feedback[:5])
    return StoryDrafted(
        job_id=msg.job_id, spec=msg.spec, story=story, round=msg.round, provider=deps.writer.name
    )
