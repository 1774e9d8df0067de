"""What the render stage is built with: storage, ffmpeg, and the knobs of the look and sound."""

from dataclasses import dataclass, field
from pathlib import Path

from services.render.ass import CaptionStyle
from shared.config import Settings
from shared.media.ffmpeg import ffmpeg_exe
from shared.storage.base import Storage


@dataclass(frozen=True)
class RenderDeps:
    storage: Storage
    ffmpeg: str
    scratch_dir: Path | None = None
    preset: str = "veryfast"
    crf: int = 23
    pause_s: float = 0.45  # silence after each scene's narration; the crossfade plays in it
    crossfade_s: float = 0.45
    title_card: bool = True
    title_s: float = 2.0
    music_file: Path | None = None  # None: a generated drone
    music_db: float = -14.0
    voice_pitch_semitones: float = -2.0
    voice_echo: bool = True
    loudness_lufs: float = -14.0
    true_peak_db: float = -1.5
    caption_style: CaptionStyle = field(default_factory=CaptionStyle)

    @classmethod
    def from_settings(cls, settings: Settings, storage: Storage) -> "RenderDeps":
        return cls(
            storage=storage,
            ffmpeg=ffmpeg_exe(settings.ffmpeg),
            scratch_dir=settings.scratch_dir,
            preset=settings.preset,
            crf=settings.crf,
            pause_s=settings.render_pause_s,
            crossfade_s=settings.render_crossfade_s,
            title_card=settings.render_title_card,
            music_file=settings.render_music_path,
            music_db=settings.render_music_db,
            voice_pitch_semitones=settings.render_voice_pitch_semitones,
            voice_echo=settings.render_voice_echo,
            loudness_lufs=settings.render_loudness_lufs,
        )
