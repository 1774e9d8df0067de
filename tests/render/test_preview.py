"""A preview job (JobSpec.preview): the same video at 540x960 from the draft encoder, marked."""

import json
from pathlib import Path

import pytest
import structlog

from services.render.handler import render
from shared.media.probe import probe
from shared.runtime.stage import Context
from shared.state.base import JobRecord
from shared.state.memory import MemoryState
from tests.render.conftest import make_deps
from tests.render.frames import frame_at
from tests.render.samples import store_sample


def x264_options(video: Path) -> str:
    """The options line x264 writes into the stream it encoded."""
    data = video.read_bytes()
    start = data.index(b"options: ")
    return data[start : data.index(b"\x00", start)].decode()


async def test_a_preview_is_a_half_size_draft_with_the_same_captions(tmp_path: Path) -> None:
    job_id = "job-preview"
    deps = make_deps(tmp_path, preset="medium")  # the full render's preset: the draft ignores it
    sample = await store_sample(deps.storage, job_id)  # type: ignore[arg-type]
    state = MemoryState()
    spec = {"topic": "a lamp room", "preview": True}
    await state.create(JobRecord(job_id=job_id, spec=spec))
    ctx = Context(job_id, "render", "m1", 0, structlog.get_logger(), state)

    result = await render(sample.msg, ctx, deps)

    video = tmp_path / "store" / result.outputs["video.mp4"]
    info = await probe(video)
    assert (info.width, info.height) == (540, 960)
    assert info.video_codec == "h264" and info.audio_codec == "aac"
    assert info.duration_s == pytest.approx(result.duration_s, abs=0.05)
    assert "cabac=0" in x264_options(video), "a draft comes from the ultrafast encoder"
    meta = json.loads((tmp_path / "store" / result.outputs["metadata.json"]).read_text())
    assert (meta["preview"], meta["width"], meta["height"]) == (True, 540, 960)
    # the captions are scaled with the frame: the spoken words show in the lower band
    start = sample.durations[0] + deps.settings.pause_s
    band = frame_at(video, start + 0.5)[500:700, 30:510].astype(int)
    assert int((band > 215).all(axis=-1).sum()) > 400
