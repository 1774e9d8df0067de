"""Instant stand-in handlers for every stage: the real runtime and bus, no media work.

A fake with the real shapes: the runtime's tests drive a whole pipeline through it, and
bench/bus.py measures the transport alone with it.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from shared.messages import (
    AssetsReady,
    JobCompleted,
    JobFailed,
    JobRequested,
    ReviewRequested,
    Scene,
    SceneIllustrated,
    SceneNarrated,
    SceneRequested,
    Story,
    StoryDrafted,
    StoryRejected,
    VideoRendered,
    WordTiming,
)
from shared.runtime import Context, Stage

Hook = Callable[[str, Any, Context], Awaitable[None]]


def stub_story(scenes: int) -> Story:
    return Story(
        title="t",
        hook="h",
        scenes=[Scene(index=i, narration=f"scene {i}", image_prompt="p") for i in range(scenes)],
    )


def build_stub_stages(scenes: int = 2, hook: Hook | None = None) -> list[Stage]:
    """Stages whose handlers return the next message at once. ``hook`` runs first in each."""

    async def before(name: str, msg: Any, ctx: Context) -> None:
        if hook is not None:
            await hook(name, msg, ctx)

    async def story(msg: JobRequested | StoryRejected, ctx: Context) -> StoryDrafted:
        await before("story", msg, ctx)
        return StoryDrafted(job_id=msg.job_id, spec=msg.spec, story=stub_story(scenes))

    async def filter_(msg: StoryDrafted, ctx: Context) -> list[SceneRequested]:
        await before("filter", msg, ctx)
        n = len(msg.story.scenes)
        await ctx.note("approved", scenes=n)
        return [
            SceneRequested(
                job_id=msg.job_id,
                spec=msg.spec,
                scene=s,
                scene_count=n,
                story_key=f"{msg.job_id}/story.json",
            )
            for s in msg.story.scenes
        ]

    async def tts(msg: SceneRequested, ctx: Context) -> SceneNarrated:
        await before("tts", msg, ctx)
        return SceneNarrated(
            job_id=msg.job_id,
            index=msg.scene.index,
            story_key=msg.story_key,
            scene_count=msg.scene_count,
            audio_key="a",
            duration_s=1.0,
            words=[WordTiming(word="scene", start=0, end=0.5)],
        )

    async def visual(msg: SceneRequested, ctx: Context) -> SceneIllustrated:
        await before("visual", msg, ctx)
        return SceneIllustrated(
            job_id=msg.job_id,
            index=msg.scene.index,
            width=1,
            height=1,
            scene_count=msg.scene_count,
            story_key=msg.story_key,
            image_key="i",
        )

    async def render(msg: AssetsReady, ctx: Context) -> VideoRendered:
        await before("render", msg, ctx)
        return VideoRendered(
            job_id=msg.job_id,
            outputs={"video": "v"},
            duration_s=sum(s.duration_s for s in msg.scenes),
        )

    async def notify_done(msg: VideoRendered, ctx: Context) -> JobCompleted | None:
        await before("notify", msg, ctx)
        if not await ctx.complete(msg.outputs):
            return None
        return JobCompleted(job_id=msg.job_id, outputs=msg.outputs)

    async def notify_failed(msg: JobFailed, ctx: Context) -> None:
        await before("notify", msg, ctx)

    async def notify_review(msg: ReviewRequested, ctx: Context) -> None:
        await before("notify", msg, ctx)

    return [
        Stage("story", {JobRequested: story, StoryRejected: story}, concurrency=8),
        Stage("filter", {StoryDrafted: filter_}, concurrency=8),
        Stage("tts", {SceneRequested: tts}, concurrency=8),
        Stage("visual", {SceneRequested: visual}, concurrency=8),
        Stage("render", {AssetsReady: render}, concurrency=8),
        Stage(
            "notify",
            {VideoRendered: notify_done, JobFailed: notify_failed, ReviewRequested: notify_review},
            concurrency=8,
        ),
    ]
