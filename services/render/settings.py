"""The render stage's knobs, from GRIMREEL_RENDER_* (the names users already have).

The encoder's own knobs (preset, CRF) belong to the renderer that encodes: see
``providers/ffmpeg.py``.
"""

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class RenderSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_RENDER_", extra="ignore")

    renderer: str = "ffmpeg"  # a name the registry knows; checked when the stage is built
    pause_s: float = Field(0.45, ge=0, le=3)  # silence after each narration; the fade plays in it
    crossfade_s: float = Field(0.45, ge=0, le=2)
    title_card: bool = True
    music_path: Path | None = None  # a file, or a folder to pick from by job; else a drone
    music_db: float = Field(-14.0, ge=-40, le=0)
    voice_pitch_semitones: float = Field(-2.0, ge=-6, le=6)
    voice_echo: bool = True
    loudness_lufs: float = Field(-14.0, ge=-30, le=-6)
    # a render whose encoder crashes (killed by a signal) is tried this many more times in the
    # handler, from a cleaned scratch folder, before the message goes back to the runtime
    crash_retries: int = Field(2, ge=0, le=5)
    # a scratch folder nothing has written to for this long belongs to a dead or hung render
    # and is removed when a worker starts (sooner when its owner process is known gone)
    stale_scratch_s: float = Field(3600.0, ge=60)
