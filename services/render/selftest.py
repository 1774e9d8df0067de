"""The encoder self-test `grimreel doctor` runs: one second of 1080x1920 video made by the
configured renderer, through the same code as a job's render (stills, camera, captions, the
soundtrack and the encoder options), with the ffmpeg the settings name.

A broken or crashing ffmpeg build shows here with its signal and stderr, before a worker takes
jobs. (Issue #18's segfaults in libx264 came from our own filter graph, not the build: see
docs/performance.md.)
"""

import io
import logging
import tempfile
import time
import wave
from pathlib import Path

import numpy as np
import structlog
from PIL import Image

from services.render.bootstrap import make_renderer
from services.render.captions import Phrase, Word
from services.render.renderer import Soundtrack, VideoPlan
from services.render.settings import RenderSettings
from services.render.timeline import HEIGHT, WIDTH, plan
from shared.runtime.stage import Context
from shared.state.base import JobRecord
from shared.state.memory import MemoryState

SECONDS, RATE = 1.0, 24_000


def _voice() -> bytes:
    t = np.arange(round(SECONDS * RATE)) / RATE
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((0.3 * np.sin(2 * np.pi * 220 * t) * 32767).astype("<i2").tobytes())
    return buf.getvalue()


def _still(path: Path) -> None:
    ramp = np.linspace(0, 255, HEIGHT, dtype=np.uint8)[:, None].repeat(WIDTH, axis=1)
    Image.fromarray(np.dstack([ramp, ramp[::-1], ramp // 2])).save(path, compress_level=1)


async def encode_selftest(ffmpeg: str, cfg: RenderSettings) -> str:
    """Render one second; returns what was made and how long it took. Raises the renderer's
    error (RendererCrashed with the signal, Permanent with ffmpeg's words) when it fails."""
    renderer = make_renderer(cfg.renderer, ffmpeg)
    state = MemoryState()
    await state.create(JobRecord(job_id="selftest"))
    quiet = structlog.wrap_logger(  # the render's info lines are not the doctor's report
        structlog.PrintLogger(), wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR)
    )
    ctx = Context("selftest", "render", "selftest", 1, quiet, state)
    with tempfile.TemporaryDirectory(prefix="grimreel-selftest-") as tmp:
        work = Path(tmp)
        _still(work / "still.png")
        (work / "voice.wav").write_bytes(_voice())
        words = (Word("self", 0.1, 0.4, 0), Word("test", 0.5, 0.9, 0))
        video = VideoPlan(
            work=work, timeline=plan([(0, SECONDS)], pause_s=0.0, crossfade_s=0.0),
            pictures=[Path("still.png")], voices=[Path("voice.wav")], phrases=[Phrase(words)],
            title=None, title_s=0.0, sound=Soundtrack(music=None), seed=1,
        )  # fmt: skip
        t0 = time.perf_counter()
        made = await renderer.render(video, ctx)
        took = time.perf_counter() - t0
        size = made.video.stat().st_size
    return f"{made.duration_s:.1f} s of {WIDTH}x{HEIGHT} H.264 ({size // 1024} KB) in {took:.1f} s"
