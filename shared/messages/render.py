"""The joined scene set handed to render, and render's result."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from shared.messages.base import BusMessage
from shared.messages.scene import WordTiming


class SceneAssets(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    index: int
    audio_key: str
    duration_s: float
    words: list[WordTiming]
    image_key: str


class AssetsReady(BusMessage):
    kind: ClassVar[str] = "assets.ready"

    story_key: str
    scenes: list[SceneAssets]


class VideoRendered(BusMessage):
    kind: ClassVar[str] = "video.rendered"

    outputs: dict[str, str]  # name → storage key (video, thumbnail, srt, vtt, metadata)
    duration_s: float
    render_s: float = 0.0
