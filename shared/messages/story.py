"""The story: title, hook and scenes; drafted by the story stage, judged by the filter."""

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.messages.base import BusMessage
from shared.messages.job import JobSpec


class Scene(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    index: int = Field(ge=0)
    narration: str
    image_prompt: str
    mood: str = "dread"


class Story(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    title: str
    hook: str
    scenes: list[Scene]
    language: str = "en"
    # The seed the offline writer drew (None from hosted writers): `--seed` with it repeats
    # the story exactly.
    seed: int | None = None
    # The length the job asked for, stamped by the story stage: render fits its pauses to it.
    target_s: float | None = None

    @property
    def text(self) -> str:
        return " ".join(s.narration for s in self.scenes)


class StoryDrafted(BusMessage):
    kind: ClassVar[str] = "story.drafted"

    spec: JobSpec
    story: Story
    round: int = 0
    provider: str = "offline"
    # Set when a person sent it from review (the approval gate): "approved" fans out the story
    # the filter stored; "edited" is judged again and comes back to review either way.
    review: Literal["approved", "edited"] | None = None


class ReviewRequested(BusMessage):
    """A story waits for a person's approval: notify tells them (webhook, e-mail) with a signed
    link. An announcement only: handling it never moves the paused job."""

    kind: ClassVar[str] = "review.requested"

    spec: JobSpec
    story: Story
    deadline: float  # epoch seconds; the job fails if nobody approves it by then


class StoryRejected(BusMessage):
    """A draft sent back for a rewrite, with the reasons as feedback."""

    kind: ClassVar[str] = "story.rejected"

    spec: JobSpec
    story: Story
    round: int
    feedback: list[str]
