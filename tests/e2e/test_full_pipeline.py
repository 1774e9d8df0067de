"""Real stages, real media: one short video through all six stages, in one process (CLI,
in-memory bus) and on RabbitMQ + Redis. Slow by nature (a real render); kept short."""

import asyncio
import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from services.catalog import build_all
from shared.config import Settings
from shared.jobs import submit
from shared.media.mp4 import is_faststart
from shared.media.probe import probe
from shared.messages import JobSpec, Story
from shared.runtime.hosting import Runtime
from shared.runtime.rabbit_bus import RabbitBus
from shared.state.redis import RedisState
from tests.conftest import AMQP_URL, REDIS_URL
from tests.integration.conftest import purge_all, wait_final


async def check_video(folder: Path, asked_s: float) -> None:
    """The asked-for length (±5 %, the pauses between scenes fitted to it), the whole
    narration inside it, H.264/AAC 1080x1920 with faststart."""
    info = await probe(folder / "video.mp4")
    assert (info.width, info.height) == (1080, 1920)
    assert info.video_codec == "h264" and info.audio_codec == "aac"
    assert info.duration_s is not None
    assert abs(info.duration_s - asked_s) <= 0.05 * asked_s, (info, asked_s)
    assert narration_seconds(folder) <= info.duration_s
    assert is_faststart(folder / "video.mp4")
    story = Story.model_validate_json((folder / "story.json").read_text())
    meta = json.loads((folder / "metadata.json").read_text())
    assert [s["index"] for s in meta["scenes"]] == [s.index for s in story.scenes]


def narration_seconds(folder: Path) -> float:
    total = 0.0
    for wav in sorted((folder / "work").glob("scene-*.wav")):
        with wave.open(str(wav)) as w:
            total += w.getnframes() / w.getframerate()
    return total


def test_grimreel_run_makes_a_playable_video(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "services.cli.commands",
            "run",
            "a scarecrow that turns its head",
            "--duration",
            "20",
            "--scenes",
            "3",
            "--seed",
            "5",
            "--out",
            str(out),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "GRIMREEL_KEEP_WORK": "true"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    summary = json.loads(proc.stdout)
    assert summary["status"] == "completed"
    video = Path(summary["files"]["video.mp4"])
    asyncio.run(check_video(video.parent, 20))


def test_grimreel_run_reports_a_bad_request_and_exits_nonzero(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "services.cli.commands", "run", "x", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2 and "topic" in proc.stderr


@pytest.mark.integration
async def test_six_real_stages_on_rabbitmq_make_a_video(
    tmp_path: Path, broker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRIMREEL_NOTIFY_KEEP_WORK", "all")  # notify reads its own settings
    settings = Settings(amqp_url=AMQP_URL, redis_url=REDIS_URL, storage_dir=tmp_path)
    state = RedisState(REDIS_URL)
    runtime = Runtime(RabbitBus(AMQP_URL), state, settings, build_all(settings))
    await runtime.start()
    try:
        job = await submit(
            runtime.bus,
            state,
            JobSpec(topic="a voice in the well", duration_s=20, scenes=3, seed=9),
        )
        assert await wait_final(state, job.job_id, timeout=600) == "completed"
        done = await state.get(job.job_id)
        assert done is not None and set(done.outputs) >= {"video.mp4", "captions.srt"}
        folder = tmp_path / job.job_id
        await check_video(folder, 20)
    finally:
        await runtime.stop(grace_s=5)
        await state.close()
        await purge_all()
