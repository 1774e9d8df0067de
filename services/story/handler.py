"""Story stage: a topic becomes a drafted story; a rejected draft is rewritten with feedback."""

from dataclasses import dataclass

from services.story.writer import Writer
from shared.messages import JobRequested, StoryDrafted, StoryRejected
from shared.messages.job import JobSpec
from shared.messages.story import Story
from shared.runtime import Context


@dataclass(frozen=True)
class StoryDeps:
    writer: Writer


def _stamped(story: Story, spec: JobSpec) -> Story:
    """The asked-for length rides with the story: render fits its pauses to it."""
    return story.model_copy(update={"target_s": float(spec.duration_s)})


async def draft(msg: JobRequested, ctx: Context, deps: StoryDeps) -> StoryDrafted:
    story = _stamped(await deps.writer.write(msg.spec, feedback=[], round_=0), msg.spec)
    ctx.log.info("story.drafted", title=story.title, scenes=len(story.scenes), seed=story.seed)
    return StoryDrafted(
        job_id=msg.job_id, spec=msg.spec, story=story, round=0, provider=deps.writer.name
    )


async def redraft(msg: StoryRejected, ctx: Context, deps: StoryDeps) -> StoryDrafted:
    story = await deps.writer.write(msg.spec, feedback=msg.feedback, round_=msg.round)
    story = _stamped(story, msg.spec)
    ctx.log.info("story.redrafted", round=msg.round, feedback=msg.feedback[:5])
    return StoryDrafted(
        job_id=msg.job_id, spec=msg.spec, story=story, round=msg.round, provider=deps.writer.name
    )
