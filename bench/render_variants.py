"""The render benchmark's contestants, each run as its own child process.

(b) grimreel: a child Python process runs the real handler (LocalStorage, MemoryState) and
    writes what the handler alone cost (CPU of its own threads and of its ffmpeg children).
(a) floor: grimreel's finished frames, decoded beforehand into raw YUV, encoded again with
    grimreel's encoder settings: what any renderer pays to encode these pixels.
(d) stills: each scene's picture shown as is, with hard cuts, over the plain narration.
"""

import asyncio
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import structlog

from bench.render_inputs import BenchScene
from services.render.bootstrap import make_renderer
from services.render.deps import RenderDeps
from services.render.engine import graph
from services.render.engine.graph import Encoding, encoder
from services.render.handler import render
from services.render.settings import RenderSettings
from services.render.timeline import HEIGHT, WIDTH, plan
from shared.media.ffmpeg import ffmpeg_exe
from shared.messages.render import AssetsReady, SceneAssets
from shared.messages.story import Scene, Story
from shared.runtime.stage import Context
from shared.state.base import JobRecord
from shared.state.memory import MemoryState
from shared.storage import keys
from shared.storage.local import LocalStorage

FPS = 30
PAUSE_S: float = RenderSettings.model_fields["pause_s"].default


async def store_job(store: Path, job_id: str, scenes: list[BenchScene]) -> AssetsReady:
    """The job's story, voices and pictures in local storage, as tts and visual leave them."""
    storage = LocalStorage(store)
    story = Story(
        title="The Keeper of the Rock",
        hook="A lighthouse where nobody lives still turns its lamp.",
        scenes=[Scene(index=s.index, narration=s.text, image_prompt="-") for s in scenes],
    )
    await storage.put(keys.story(job_id), story.model_dump_json().encode())
    assets = []
    for s in scenes:
        await storage.put_file(keys.scene_audio(job_id, s.index), s.audio, "audio/wav")
        await storage.put_file(keys.scene_image(job_id, s.index), s.image, "image/png")
        assets.append(SceneAssets(
            index=s.index, audio_key=keys.scene_audio(job_id, s.index), duration_s=s.duration_s,
            words=s.words, image_key=keys.scene_image(job_id, s.index),
        ))  # fmt: skip
    return AssetsReady(job_id=job_id, story_key=keys.story(job_id), scenes=assets)


def _held_before_fix(label: str, length: int, fps: int) -> str:
    """How held pictures were timed before issue #18's fix (bench.render --fix-cost)."""
    return f"[{label}]loop=loop={length - 1}:size=1:start=0,setpts=N/FRAME_RATE/TB"


def render_child(spec_file: Path) -> None:
    """(b) in this process: render the job in ``spec_file`` and write the handler's costs."""
    spec = json.loads(spec_file.read_text())
    msg = AssetsReady.model_validate_json(spec["msg"])
    if spec.get("before_fix"):
        graph._held = _held_before_fix
    # the renderer's settings (bench/preview.py sets the draft's too), else preset and CRF
    encoding = spec.get("renderer") or {"preset": spec["preset"], "crf": spec["crf"]}
    deps = RenderDeps(
        storage=LocalStorage(Path(spec["store"])), settings=RenderSettings(pause_s=PAUSE_S),
        renderer=make_renderer("ffmpeg", ffmpeg_exe(), encoding),
        scratch_dir=Path(spec["scratch"]),
    )  # fmt: skip

    async def go() -> dict[str, float]:
        state = MemoryState()
        await state.create(JobRecord(job_id=msg.job_id, spec=spec.get("job", {})))
        ctx = Context(msg.job_id, "render", "bench", 0, structlog.get_logger(), state)
        me, kids = (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
        t0 = time.perf_counter()
        result = await render(msg, ctx, deps)
        wall = time.perf_counter() - t0
        me2, kids2 = (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
        shutil.copyfile(Path(spec["store"]) / result.outputs["video.mp4"], spec["video"])
        cpu = sum(b.ru_utime + b.ru_stime - a.ru_utime - a.ru_stime
                  for a, b in ((me, me2), (kids, kids2)))  # fmt: skip
        return {"wall_s": wall, "cpu_s": cpu, "ffmpeg_max_rss_mb": kids2.ru_maxrss / 1024,
                "duration_s": result.duration_s}  # fmt: skip

    Path(spec["result"]).write_text(json.dumps(asyncio.run(go())))


def decode_for_floor(video: Path, folder: Path) -> tuple[Path, Path]:
    """(a)'s input, made outside the timing: the video's frames as raw 4:2:0, its sound as WAV."""
    folder.mkdir(parents=True, exist_ok=True)
    yuv, wav = folder / "frames.yuv", folder / "sound.wav"
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(video), "-map", "0:v", "-f", "rawvideo",
         "-pix_fmt", "yuv420p", "-y", str(yuv), "-map", "0:a", "-c:a", "pcm_s16le", "-y", str(wav)],
        check=True,
    )  # fmt: skip
    return yuv, wav


def floor_command(yuv: Path, wav: Path, out: Path, enc: Encoding) -> list[str]:
    return [
        ffmpeg_exe(), "-v", "error", "-f", "rawvideo", "-pix_fmt", "yuv420p",
        "-s", f"{WIDTH}x{HEIGHT}", "-framerate", str(FPS), "-i", str(yuv), "-i", str(wav),
        *encoder(enc, FPS), "-y", str(out),
    ]  # fmt: skip


def stills_command(scenes: list[BenchScene], out: Path, enc: Encoding) -> list[str]:
    """(d): each picture for its scene's slot, hard cuts, the narration as it is."""
    tl = plan([(s.index, s.duration_s) for s in scenes], pause_s=PAUSE_S, crossfade_s=0.0)
    args, graph = [ffmpeg_exe(), "-v", "error"], []
    for s in scenes:
        args += ["-framerate", str(FPS), "-i", str(s.image), "-i", str(s.audio)]
    for i, slot in enumerate(tl.slots):
        graph.append(
            f"[{2 * i}:v]scale={WIDTH}:{HEIGHT},format=yuv420p,"
            f"loop=loop={slot.frames - 1}:size=1:start=0,setpts=N/{FPS}/TB[v{i}]"
        )
        graph.append(f"[{2 * i + 1}:a]aresample=48000,apad=whole_dur={slot.slot_s:.6f},"
                     f"atrim=duration={slot.slot_s:.6f}[a{i}]")  # fmt: skip
    pairs = "".join(f"[v{i}][a{i}]" for i in range(len(scenes)))
    graph.append(f"{pairs}concat=n={len(scenes)}:v=1:a=1[v][a]")
    return [*args, "-filter_complex", ";".join(graph), "-map", "[v]", "-map", "[a]",
            *encoder(enc, FPS), "-y", str(out)]  # fmt: skip


if __name__ == "__main__":
    render_child(Path(sys.argv[1]))
