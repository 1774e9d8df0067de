"""The story: title, hook and scenes; drafted by the story stage, judged by the filter."""

from typing import ClassVar

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

    @property
    def text(self) -> str:
        return " ".join(s.narration for s in self.scenes)


class StoryDrafted(BusMessage):
    kind: ClassVar[str] = "story.drafted"

    spec: JobSpec
    story: Story
    round: int = 0
    provider: str = "offline"


class StoryRejected(BusMessage):
    """A draft sent back for a rewrite, with the reasons as feedback."""

    kind: ClassVar[str] = "story.rejected"

    spec: JobSpec
    story: Story
    round: int
    feedback: list[str]
