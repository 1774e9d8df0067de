"""The render stage's port: what turns a planned video into an MP4, whichever engine does it.

The handler fetches the inputs, plans the timeline and the captions, and hands a ``VideoPlan``
to a ``Renderer`` (``providers/ffmpeg.py`` by default), which writes the video into the job's
scratch folder. The sidecar captions, the thumbnail and the metadata stay with the handler:
they are the same whatever draws the frames.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from services.render.captions import Phrase
from services.render.timeline import HEIGHT, WIDTH, Timeline
from shared.runtime.stage import Context


@dataclass(frozen=True)
class Soundtrack:
    """How the narration and the music are mixed."""

    music: Path | None  # a track looped under the voice; None: the renderer makes a drone
    music_db: float = -14.0  # music level against full scale, before ducking
    voice_pitch_semitones: float = -2.0  # darker voice; length is kept
    voice_echo: bool = True
    loudness_lufs: float = -14.0
    true_peak_db: float = -1.5


@dataclass(frozen=True)
class VideoPlan:
    """One video, decided: which picture and voice play when, and what the screen says."""

    work: Path  # the job's scratch folder: holds the scene files, receives the video
    timeline: Timeline
    pictures: list[Path]  # one per slot, in playing order, relative to ``work``
    voices: list[Path]  # likewise
    phrases: list[Phrase]  # burned-in captions, on the video's clock
    title: str | None  # shown over the opening for ``title_s``; None: no title card
    title_s: float
    sound: Soundtrack
    seed: int  # stable per job: picks the drone and the camera's framings
    caption_style: str | None = None  # a name the job chose (JobSpec); None: the renderer's own
    # the frame; a preview is smaller and marked ``draft`` so the renderer encodes it cheaply
    width: int = WIDTH
    height: int = HEIGHT
    draft: bool = False


class RendererCrashed(Exception):
    """The engine died of a signal (a segfault, the OOM killer) rather than refusing the
    inputs: another attempt may well finish, so this is never Permanent."""

    def __init__(self, what: str, signal: int, tail: list[str]) -> None:
        self.signal, self.tail = signal, tail
        super().__init__(what)


@dataclass(frozen=True)
class Rendered:
    video: Path
    duration_s: float  # measured from the file


@runtime_checkable
class Renderer(Protocol):
    async def speech_s(self, voice: Path) -> float:
        """Seconds of sound in a narration file; ValueError saying what is wrong with it."""
        ...

    async def render(self, plan: VideoPlan, ctx: Context) -> Rendered:
        """Write the video into ``plan.work``, reporting progress and stopping when the job
        is cancelled; Permanent when the inputs cannot make a video, RendererCrashed when
        the engine died of a signal."""
        ...
