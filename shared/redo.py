"""Redo: a derived job that makes part of a finished job again and takes the rest from it.

The new job has its own id, progress and events. Its spec names its parent (``parent_id``) and
what it takes from it (``reuse``). It starts at the filter with the parent's story, the asked
edits applied, so an edited scene is judged again; tts and visual copy each asset the plan
names from the parent instead of making it, and render and notify run as for any job. The
gateway (POST /jobs/{id}/redo) and `grimreel redo` both build the job here.
"""

import secrets
from dataclasses import dataclass
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from shared import timeline
from shared.codec import wrap
from shared.messages.job import JobSpec, Reuse, _reject_control
from shared.messages.story import Story, StoryDrafted
from shared.runtime.bus import Bus
from shared.state.base import JobRecord, StateStore
from shared.storage import keys
from shared.storage.base import Storage

SEED_MAX = 2**32 - 1
PROVIDER = "redo"  # the StoryDrafted's writer: the story is the parent's, edited


class RedoRefused(ValueError):
    """The redo cannot be made from this parent (no such scene, assets gone): one sentence."""

    def __init__(self, message: str, code: str = "redo_refused") -> None:
        super().__init__(message)
        self.code = code


class RedoRequest(BaseModel):
    """What to make again. No scene: the parent's assets rendered again (the full video of a
    preview). A scene with nothing else named gets a new picture."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    scene: Annotated[int, Field(ge=0, le=99)] | None = Field(
        None, description="The scene (its index) to make again; null: nothing, render again."
    )
    picture: bool = Field(False, description="Paint the scene again (the default for a scene).")
    voice: bool = Field(False, description="Speak the scene again.")
    seed: Annotated[int, Field(ge=0, le=SEED_MAX)] | None = Field(
        None, description="The new picture's seed; null: a new one (the old one for a new prompt)."
    )
    image_prompt: Annotated[str, Field(min_length=1, max_length=1000)] | None = Field(
        None, description="A new image prompt for the scene (its picture is painted again)."
    )
    narration: Annotated[str, Field(min_length=1, max_length=2000)] | None = Field(
        None, description="New words for the scene (spoken again, judged again)."
    )
    preview: bool | None = Field(
        None,
        description="A 540x960 draft or the full video; null: a scene's redo is drawn like "
        "its job, a redo of no scene is the full video.",
    )
    tiktok: bool | None = Field(
        None,
        description="Post the new video to TikTok; null: only when its job asked to and was a "
        "preview (a preview is never posted), so redoing a posted video does not post it "
        "again. Each full video made from one preview posts.",
    )

    @field_validator("image_prompt", "narration")
    @classmethod
    def _text(cls, v: str | None, info: object) -> str | None:
        name = getattr(info, "field_name", "text")
        if v is None:
            return v
        v = _reject_control(v, name).strip()
        if not v:
            raise ValueError(f"{name} must not be blank")
        return v

    @model_validator(mode="after")
    def _needs_scene(self) -> Self:
        asked = self.picture or self.voice or self.seed is not None
        if self.scene is None and (asked or self.image_prompt or self.narration):
            raise ValueError("picture, voice, seed, image_prompt and narration need a scene")
        return self

    @property
    def redraws(self) -> bool:
        if self.scene is None:
            return False
        voice_only = (self.voice or self.narration is not None) and not self.picture
        return self.image_prompt is not None or self.seed is not None or not voice_only

    @property
    def rereads(self) -> bool:
        return self.scene is not None and (self.voice or self.narration is not None)


@dataclass(frozen=True)
class Derived:
    spec: JobSpec
    story: Story


def derive(parent_id: str, parent: JobSpec, story: Story, ask: RedoRequest) -> Derived:
    """The child's spec and story; RedoRefused when the scene is not in the story."""
    indices = [s.index for s in story.scenes]
    if ask.scene is not None and ask.scene not in indices:
        raise RedoRefused(f"the story has no scene {ask.scene}; its scenes are {indices}")
    images = tuple(i for i in indices if not (ask.redraws and i == ask.scene))
    audio = tuple(i for i in indices if not (ask.rereads and i == ask.scene))
    seeds: dict[int, int] = {}
    if ask.scene is not None and ask.redraws and (seed := _seed(parent, ask)) is not None:
        seeds[ask.scene] = seed
    preview = ask.preview if ask.preview is not None else ask.scene is not None and parent.preview
    spec = parent.model_copy(
        update={
            "parent_id": parent_id,
            "reuse": Reuse(audio=audio, images=images, seeds=seeds),
            "preview": preview or None,
            "approval": False,  # the person asked for exactly this; it is judged, not held
            "tiktok": _posts(parent, ask),
        }
    )
    return Derived(spec=spec, story=_edited(story, ask))


def _posts(parent: JobSpec, ask: RedoRequest) -> bool:
    """A full video whose job asked for TikTok was posted (or tried): its redo posting too would
    put a second copy on the channel unless the person asks for it. A preview was not posted,
    so its full video is; two full videos made from one preview both post (the spec does not
    know its siblings)."""
    if ask.tiktok is not None:
        return ask.tiktok
    return parent.tiktok and bool(parent.preview)


def _seed(parent: JobSpec, ask: RedoRequest) -> int | None:
    """The redrawn picture's seed: the asked one; for an edited prompt the parent's (None: the
    scene's usual seed), so only the prompt changes; otherwise a new one."""
    if ask.seed is not None:
        return ask.seed
    if ask.image_prompt is not None:
        return parent.reuse.seeds.get(ask.scene) if parent.reuse and ask.scene is not None else None
    return secrets.randbelow(SEED_MAX + 1)


def _edited(story: Story, ask: RedoRequest) -> Story:
    edits = {"narration": ask.narration, "image_prompt": ask.image_prompt}
    changed = {k: v for k, v in edits.items() if v is not None}
    if not changed:
        return story
    scenes = [s.model_copy(update=changed) if s.index == ask.scene else s for s in story.scenes]
    return story.model_copy(update={"scenes": scenes})


def needed(parent_id: str, reuse: Reuse) -> list[str]:
    """The parent's storage keys the child copies."""
    audio = [k for i in reuse.audio for k in (keys.scene_audio(parent_id, i),
                                             keys.scene_words(parent_id, i))]  # fmt: skip
    return audio + [keys.scene_image(parent_id, i) for i in reuse.images]


async def check_assets(storage: Storage, spec: JobSpec) -> None:
    """RedoRefused (code parent_assets_gone) when a file the child copies is missing."""
    parent_id, reuse = spec.parent_id, spec.reuse
    if parent_id is None or reuse is None:
        return
    gone = [k for k in needed(parent_id, reuse) if not await storage.exists(k)]
    if gone:
        raise RedoRefused(
            f"job {parent_id}'s scene files are gone ({len(gone)} missing, e.g. {gone[0]}): "
            "a completed job keeps them only while GRIMREEL_NOTIFY_KEEP_WORK=all; "
            "make the video again instead",
            code="parent_assets_gone",
        )


async def read_story(storage: Storage, parent_id: str) -> Story:
    try:
        return Story.model_validate_json(await storage.get(keys.story(parent_id)))
    except FileNotFoundError:
        msg = f"job {parent_id}'s story is gone from storage"
        raise RedoRefused(msg, code="parent_assets_gone") from None


async def submit_derived(
    bus: Bus,
    state: StateStore,
    job: Derived,
    *,
    job_id: str,
    owner: str | None = None,
    idempotency_key: str | None = None,
) -> JobRecord:
    """Create the child's record, then hand its story to the filter (no message outruns the
    job, as in shared.jobs.submit). A job already under this id (a retry with the same
    Idempotency-Key that took over a slow first request) is returned, not made twice."""
    record = JobRecord(
        job_id=job_id,
        spec=job.spec.model_dump(mode="json"),
        owner=owner,
        idempotency_key=idempotency_key,
    )
    if not await state.create(record):
        existing = await state.get(job_id)
        assert existing is not None
        return existing
    parent = job.spec.parent_id
    await state.record(job_id, timeline.event("gateway", timeline.ACCEPTED, parent=parent))
    msg = StoryDrafted(job_id=job_id, spec=job.spec, story=job.story, provider=PROVIDER)
    await bus.publish(wrap(msg, source="grimreel/gateway"))
    return record
