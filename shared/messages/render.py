"""The joined scene set handed to render, and render's result."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from shared.messages.base import BusMessage
from shared.messages.scene import SceneIllustrated, SceneNarrated, WordTiming


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


def assets_from_parts(parts: list[BusMessage]) -> AssetsReady:
    """The joined set: every scene's narration and picture, in scene order."""
    audio = {p.index: p for p in parts if isinstance(p, SceneNarrated)}
    image = {p.index: p for p in parts if isinstance(p, SceneIllustrated)}
    if not audio or audio.keys() != image.keys():
        raise ValueError(
            f"scene parts do not pair up: audio {sorted(audio)}, image {sorted(image)}"
        )
    first = audio[min(audio)]
    scenes = [
        SceneAssets(
            index=i,
            audio_key=audio[i].audio_key,
            duration_s=audio[i].duration_s,
            words=audio[i].words,
            image_key=image[i].image_key,
        )
        for i in sorted(audio)
    ]
    return AssetsReady(job_id=first.job_id, story_key=first.story_key, scenes=scenes)
