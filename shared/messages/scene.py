"""One scene's work order and the parts tts and visual hand back for the join."""

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.messages.base import BusMessage
from shared.messages.job import JobSpec
from shared.messages.story import Scene


class WordTiming(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    word: str
    start: float = Field(ge=0)
    end: float = Field(ge=0)


class SceneRequested(BusMessage):
    kind: ClassVar[str] = "scene.requested"

    spec: JobSpec
    scene: Scene
    scene_count: int = Field(ge=1)
    story_key: str


class ScenePart(BusMessage):
    """A finished half of a scene; the runtime records it in the join."""

    part: ClassVar[Literal["audio", "image"]]

    index: int = Field(ge=0)
    scene_count: int = Field(ge=1)
    story_key: str


class SceneNarrated(ScenePart):
    kind: ClassVar[str] = "scene.narrated"
    part: ClassVar[Literal["audio", "image"]] = "audio"

    audio_key: str
    duration_s: float = Field(gt=0)
    words: list[WordTiming]
    voice: str = "offline"


class SceneIllustrated(ScenePart):
    kind: ClassVar[str] = "scene.illustrated"
    part: ClassVar[Literal["audio", "image"]] = "image"

    image_key: str
    width: int
    height: int


def scene_slot(msg: BusMessage) -> tuple[int, int]:
    """Where a scene part sits in the join: its scene, and how many scenes the job has."""
    if not isinstance(msg, ScenePart):
        raise TypeError(f"{msg.kind} is not a scene part")
    return msg.index, msg.scene_count
