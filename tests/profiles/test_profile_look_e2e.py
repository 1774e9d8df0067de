"""A profile's pace, music and caption style reach the video: one short job through every
real stage on the in-memory bus (as `grimreel run`), checked in its metadata and audio."""

import json
import math
import struct
import wave
from pathlib import Path

import pytest

from services.cli.run import run_job
from services.gateway.intake import validate
from services.tts import wav
from shared.config import Settings
from shared.providers.options import offers

FAST = {"pace": 1.25, "music": "rain", "caption_style": "bold", "duration_s": 20, "scenes": 3}


def write_track(path: Path, hz: float) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        frames = (int(8000 * math.sin(2 * math.pi * hz * i / 22050)) for i in range(22050 * 2))
        w.writeframes(b"".join(struct.pack("<h", f) for f in frames))


def seconds(files: list[Path]) -> float:
    return sum(wav.duration(f.read_bytes()) for f in files)


async def test_a_profiles_pace_music_and_caption_style_are_used_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    music = tmp_path / "music"
    music.mkdir()
    write_track(music / "bells.wav", 220.0)
    write_track(music / "rain.wav", 110.0)
    profiles = tmp_path / "profiles.json"
    profiles.write_text(json.dumps({"fast": FAST}))
    monkeypatch.setenv("GRIMREEL_PROFILES_FILE", str(profiles))
    monkeypatch.setenv("GRIMREEL_RENDER_MUSIC_PATH", str(music))
    monkeypatch.setenv("GRIMREEL_NOTIFY_KEEP_WORK", "all")  # the scene audio is compared below
    req = validate({"topic": "the lantern in the marsh", "profile": "fast", "seed": 4}, offers())
    out = tmp_path / "out"
    job = await run_job(req.spec(), Settings(storage="local", storage_dir=out), None)
    assert job.status == "completed", job.error
    meta = json.loads((out / job.job_id / "metadata.json").read_text())
    assert (meta["music"], meta["caption_style"], meta["pace"]) == ("rain", "bold", 1.25)
    # the content cache holds each scene as the voice spoke it; the job's audio is 1.25x faster
    spoken = seconds(sorted((out / "cache").rglob("*.wav")))
    paced = seconds(sorted((out / job.job_id / "work").glob("scene-*.wav")))
    assert paced == pytest.approx(spoken / 1.25, rel=0.03)
    # the asked-for length still: the writer wrote more words for the faster voice
    assert meta["duration_s"] == pytest.approx(FAST["duration_s"], rel=0.05)
    assert spoken > paced
