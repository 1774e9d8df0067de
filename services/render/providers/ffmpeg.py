"""The ffmpeg renderer: two ffmpeg runs (the soundtrack, then the video with its camera and
burned-in captions) made by the engine in ``services/render/engine``, H.264 + AAC out.

GRIMREEL_PRESET and GRIMREEL_CRF keep their names and win when both spellings are set;
GRIMREEL_RENDER_PRESET and GRIMREEL_RENDER_CRF are read too.
"""

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.render.engine import ass
from services.render.engine.encode import encode
from services.render.music_choice import music_names
from services.render.renderer import Rendered, VideoPlan
from services.render.settings import RenderSettings
from shared.config import load_as
from shared.media.ffmpeg import FfmpegError
from shared.media.probe import probe
from shared.providers import Kit, Provider
from shared.runtime.stage import Context

VIDEO = Path("video.mp4")  # relative: ffmpeg runs inside the scratch folder
SILENT_S = 0.05  # a narration this short holds no speech


class FfmpegSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="GRIMREEL_RENDER_", extra="ignore", populate_by_name=True
    )

    preset: str = Field(  # libx264's speed/size trade-off
        "veryfast", validation_alias=AliasChoices("GRIMREEL_PRESET", "GRIMREEL_RENDER_PRESET")
    )
    crf: int = Field(
        23, ge=0, le=51, validation_alias=AliasChoices("GRIMREEL_CRF", "GRIMREEL_RENDER_CRF")
    )
    # a preview's encoder (JobSpec.preview): a draft to look at once, so speed over size
    preview_preset: str = "ultrafast"
    preview_crf: int = Field(30, ge=0, le=51)  # bench/preview.py: half the file of 26, no slower


class FfmpegRenderer:
    def __init__(
        self, ffmpeg: str, settings: FfmpegSettings, style: ass.CaptionStyle | None = None
    ) -> None:
        self.ffmpeg, self.settings = ffmpeg, settings
        self.style = style or ass.CaptionStyle()

    async def speech_s(self, voice: Path) -> float:
        try:
            info = await probe(voice, ffmpeg=self.ffmpeg)
        except FfmpegError as e:
            raise ValueError(f"is unreadable: {e}") from e
        if info.audio_codec is None:
            raise ValueError("holds no audio stream")
        if not info.duration_s or info.duration_s <= SILENT_S:
            raise ValueError("has no samples")
        return info.duration_s

    async def render(self, plan: VideoPlan, ctx: Context) -> Rendered:
        style = self.style if plan.caption_style is None else ass.STYLES[plan.caption_style]
        ass.write(plan.work, plan.phrases, style, title=plan.title, title_s=plan.title_s)
        s = self.settings
        preset, crf = (s.preview_preset, s.preview_crf) if plan.draft else (s.preset, s.crf)
        await encode(plan, VIDEO, ctx, ffmpeg=self.ffmpeg, preset=preset, crf=crf)
        video = plan.work / VIDEO
        measured = (await probe(video, ffmpeg=self.ffmpeg)).duration_s
        return Rendered(video=video, duration_s=measured or plan.timeline.total_s)


def _build(settings: FfmpegSettings, kit: Kit) -> FfmpegRenderer:
    return FfmpegRenderer(kit.ffmpeg, settings)


def _choices(_: FfmpegSettings) -> dict[str, list[str]]:
    # the music folder is the stage's setting (GRIMREEL_RENDER_MUSIC_PATH), not the encoder's
    return {"music": music_names(load_as(RenderSettings).music_path)}


PROVIDER = Provider(
    kind="renderer",
    name="ffmpeg",
    settings=FfmpegSettings,
    factory=_build,
    summary="ffmpeg: stills with a moving camera, crossfades, burned-in captions, mixed sound",
    choices=_choices,
)
