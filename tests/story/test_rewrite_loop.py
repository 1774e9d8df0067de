"""The WF1 rewrite loop on the in-memory bus: real story and filter stages, stub downstream.

A rejected draft goes back to the story stage with the filter's reasons as feedback; after
max_drafts (GRIMREEL_MAX_DRAFTS) drafts the job fails with those reasons in its error.
"""

import asyncio
from functools import partial

import pytest

from services.filter.bootstrap import make_policies
from services.filter.handler import FilterDeps, judge
from services.filter.settings import ModerationSettings
from services.story.engine.writer import OfflineWriter
from services.story.handler import StoryDeps, draft, redraft
from shared.config import Settings
from shared.jobs import submit
from shared.messages import JobRequested, JobSpec, Scene, Story, StoryDrafted, StoryRejected
from shared.quality import WORDS_PER_MINUTE, check_quality
from shared.runtime import Stage
from shared.runtime.hosting import Runtime
from shared.runtime.memory_bus import MemoryBus
from shared.runtime.stub_stages import build_stub_stages
from shared.state.memory import MemoryState
from shared.storage.local import LocalStorage

SPEC = JobSpec(topic="a babysitter hears a second voice on the baby monitor", duration_s=30)
TOO_SHORT = Story(
    title="Monitor",
    hook="It crackled.",
    scenes=[Scene(index=0, narration="It crackled.", image_prompt="a baby monitor on a table")],
)


def unsafe(story: Story) -> Story:
    """story with one sentence that must never be published, in its second scene."""
    bad = story.scenes[1].narration + " You should kill yourself tonight, the voice said."
    scenes = [*story.scenes]
    scenes[1] = scenes[1].model_copy(update={"narration": bad})
    return story.model_copy(update={"scenes": scenes})


class ScriptedWriter:
    """Hands out the scripted drafts in order (the last one again when they run out)."""

    name = "scripted"

    def __init__(self, drafts: list[Story]) -> None:
        self.drafts = drafts
        self.feedback: list[list[str]] = []

    async def write(self, spec: JobSpec, *, feedback: list[str], round_: int) -> Story:
        self.feedback.append(list(feedback))
        return self.drafts[min(len(self.feedback) - 1, len(self.drafts) - 1)]


async def run_job(writer: ScriptedWriter, tmp_path, max_drafts: int = 3) -> tuple[str, str]:
    settings = Settings(retry_delays_s=[0.01, 0.02], max_attempts=3, storage_dir=tmp_path)
    story_deps = StoryDeps(writer=writer)
    filter_deps = FilterDeps(
        policies=make_policies(ModerationSettings(openai=False)),
        quality=lambda story, spec: check_quality(story, spec, WORDS_PER_MINUTE),
        storage=LocalStorage(tmp_path),
        max_drafts=max_drafts,
    )
    stages = [
        Stage(
            "story",
            {
                JobRequested: partial(draft, deps=story_deps),
                StoryRejected: partial(redraft, deps=story_deps),
            },
        ),
        Stage("filter", {StoryDrafted: partial(judge, deps=filter_deps)}),
        *[s for s in build_stub_stages() if s.name not in ("story", "filter")],
    ]
    bus, state = MemoryBus(), MemoryState()
    runtime = Runtime(bus, state, settings, stages)
    await runtime.start()
    try:
        job = await submit(bus, state, SPEC)
        async with asyncio.timeout(60):  # the first offline judgement loads the model
            while not (record := await state.get(job.job_id)) or not record.final:
                await asyncio.sleep(0.01)
        return record.status, record.error or ""
    finally:
        await runtime.stop(grace_s=1)


@pytest.fixture(scope="module")
def good() -> Story:
    story = OfflineWriter().compose(SPEC)
    assert check_quality(story, SPEC, WORDS_PER_MINUTE) == []
    return story


async def test_a_draft_that_fails_quality_once_is_rewritten_and_completes(good, tmp_path) -> None:
    writer = ScriptedWriter([TOO_SHORT, good])
    status, error = await run_job(writer, tmp_path)
    assert status == "completed", error
    assert len(writer.feedback) == 2 and writer.feedback[0] == []
    assert any("scenes, expected" in line for line in writer.feedback[1])
    assert any("narration runs about" in line for line in writer.feedback[1])


async def test_an_unsafe_draft_gets_the_category_scene_and_phrase_back(good, tmp_path) -> None:
    writer = ScriptedWriter([unsafe(good), good])
    status, error = await run_job(writer, tmp_path)
    assert status == "completed", error
    found = [f for f in writer.feedback[1] if f.startswith("self-harm")]
    assert found and all("scene 1" in f and "kill yourself" in f for f in found), found


async def test_a_writer_that_always_fails_ends_failed_with_the_reasons(tmp_path) -> None:
    writer = ScriptedWriter([TOO_SHORT])
    status, error = await run_job(writer, tmp_path, max_drafts=3)
    assert status == "failed"
    assert len(writer.feedback) == 3  # exactly max_drafts drafts, then no more
    assert "story rejected after 3 drafts" in error
    assert "1 scenes, expected" in error and "narration runs about" in error


async def test_max_drafts_one_fails_on_the_first_rejection(good, tmp_path) -> None:
    writer = ScriptedWriter([unsafe(good), good])
    status, error = await run_job(writer, tmp_path, max_drafts=1)
    assert status == "failed" and len(writer.feedback) == 1
    assert "self-harm in scene 1" in error
