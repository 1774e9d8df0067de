"""One real render of a three-scene job, then what a viewer and an uploader would check."""

import asyncio
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from services.render.deps import RenderDeps
from services.render.handler import render
from shared.media.mp4 import is_faststart
from shared.media.probe import MediaInfo, probe
from shared.messages.render import VideoRendered
from tests.render.conftest import make_context, make_deps
from tests.render.frames import frame_at, loudness, video_frames
from tests.render.samples import COLOURS, Sample, store_sample, tone_wav

JOB = "job-render-sample"
FPS = 30


@dataclass
class Rendered:
    sample: Sample
    deps: RenderDeps
    result: VideoRendered
    store: Path
    info: MediaInfo
    progress: list[float]

    def output(self, name: str) -> Path:
        return self.store / self.result.outputs[name]

    def scene_starts(self) -> list[float]:
        starts, t = [], 0.0
        for d in self.sample.durations:
            starts.append(t)
            t += d + self.deps.settings.pause_s
        return starts


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    root = tmp_path_factory.mktemp("render")
    deps = make_deps(root)

    async def go() -> Rendered:
        sample = await store_sample(deps.storage, JOB)  # type: ignore[arg-type]
        ctx, state = await make_context(JOB)
        result = await render(sample.msg, ctx, deps)
        info = await probe(root / "store" / result.outputs["video.mp4"])
        return Rendered(sample, deps, result, root / "store", info, state.progress_seen)

    return asyncio.run(go())


def test_video_is_vertical_1080p30_h264_aac_faststart(rendered: Rendered) -> None:
    info = rendered.info
    assert (info.width, info.height) == (1080, 1920)
    assert info.fps == FPS
    assert (info.video_codec, info.audio_codec) == ("h264", "aac")
    assert (info.sample_rate, info.channels) == (48_000, 2)
    assert is_faststart(rendered.output("video.mp4"))


def test_duration_is_narration_plus_pauses(rendered: Rendered) -> None:
    expected = sum(rendered.sample.durations) + rendered.deps.settings.pause_s * 3
    slack = 3 / FPS  # one frame per scene
    assert rendered.info.duration_s == pytest.approx(expected, abs=slack)
    assert rendered.result.duration_s == pytest.approx(expected, abs=slack)
    assert abs(video_frames(rendered.output("video.mp4")) - expected * FPS) <= 3


def test_outputs_are_stored_under_the_job(rendered: Rendered) -> None:
    assert set(rendered.result.outputs) == {
        "video.mp4", "thumbnail.jpg", "contact.jpg", "captions.srt", "captions.vtt",
        "metadata.json",
    }  # fmt: skip
    for name, key in rendered.result.outputs.items():
        assert key == f"{JOB}/{name}"
        assert rendered.output(name).stat().st_size > 0
    assert rendered.result.render_s > 0
    assert not any((rendered.store.parent / "scratch").iterdir()), "scratch folder left behind"


def _expected_words(rendered: Rendered) -> list[tuple[str, float, float]]:
    return [
        (w.word, round(start + w.start, 3), round(start + w.end, 3))
        for scene, start in zip(rendered.sample.msg.scenes, rendered.scene_starts(), strict=True)
        for w in scene.words
    ]


def _seconds(stamp: str) -> float:
    h, m, s = stamp.replace(",", ".").split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def test_srt_cues_follow_the_word_timings(rendered: Rendered) -> None:
    words = _expected_words(rendered)
    text = rendered.output("captions.srt").read_text()
    cues = re.findall(r"\d+\n([\d:,]+) --> ([\d:,]+)\n(.+)\n", text)
    assert len(cues) >= 6
    k = 0
    for start, end, line in cues:
        n = len(line.split())
        group = words[k : k + n]
        assert line.split() == [w for w, _, _ in group]
        assert _seconds(start) == pytest.approx(group[0][1], abs=0.0011)
        assert _seconds(end) == pytest.approx(group[-1][2], abs=0.0011)
        k += n
    assert k == len(words)


def test_vtt_carries_every_word_start(rendered: Rendered) -> None:
    words = _expected_words(rendered)
    text = rendered.output("captions.vtt").read_text()
    assert text.startswith("WEBVTT")
    starts = []
    for start, _end, body in re.findall(r"([\d:.]+) --> ([\d:.]+)\n(.+)\n", text):
        starts.append(_seconds(start))
        starts += [_seconds(t) for t in re.findall(r"<([\d:.]+)>", body)]
    assert starts == pytest.approx([s for _, s, _ in words], abs=0.0011)


def test_loudness_is_normalised_for_phones(rendered: Rendered) -> None:
    lufs, peak = loudness(rendered.output("video.mp4"))
    assert lufs == pytest.approx(-14.0, abs=1.0)
    assert peak <= -1.0


def _red(frame: np.ndarray) -> np.ndarray:
    """Pixels of the highlight colour in the caption band."""
    band = frame[1000:1400, 60:1020].astype(int)
    return (band[..., 0] > 170) & (band[..., 1] < 110) & (band[..., 2] < 110)


def _white(frame: np.ndarray) -> int:
    band = frame[1000:1400, 60:1020].astype(int)
    return int(((band > 215).all(axis=-1)).sum())


def test_the_highlight_follows_the_spoken_word(rendered: Rendered) -> None:
    video = rendered.output("video.mp4")
    start = rendered.scene_starts()[1]
    w0, w1 = rendered.sample.msg.scenes[1].words[:2]  # "nobody lives": one phrase
    first = _red(frame_at(video, start + (w0.start + w0.end) / 2))
    second = _red(frame_at(video, start + (w1.start + w1.end) / 2))
    assert first.sum() > 500 and second.sum() > 500
    x_first = np.nonzero(first)[1].mean()
    x_second = np.nonzero(second)[1].mean()
    assert x_second - x_first > 100, "the highlight should move right to the next word"


def test_captions_clear_in_the_pause_before_a_scene(rendered: Rendered) -> None:
    video = rendered.output("video.mp4")
    start = rendered.scene_starts()[1]
    speaking = frame_at(video, start + 0.5)
    pause = frame_at(video, start - 0.04)
    assert _white(speaking) > 2000
    assert _white(pause) < 50 and _red(pause).sum() < 50


def test_thumbnail_and_metadata(rendered: Rendered) -> None:
    with Image.open(rendered.output("thumbnail.jpg")) as im:
        assert im.format == "JPEG" and im.size == (1080, 1920)
    meta = json.loads(rendered.output("metadata.json").read_text())
    assert meta["title"] == rendered.sample.story.title
    assert "#horror" in meta["hashtags"] and "#horror" in meta["description"]
    assert meta["duration_s"] == pytest.approx(rendered.result.duration_s, abs=0.001)
    starts = [s["start_s"] for s in meta["scenes"]]
    assert starts == pytest.approx(rendered.scene_starts(), abs=0.001)


def test_progress_is_reported_while_ffmpeg_runs(rendered: Rendered) -> None:
    seen = rendered.progress
    during = [p for p in seen if 58 < p < 93]  # ffmpeg's share of the render band
    assert len(during) >= 2, seen
    assert seen == sorted(seen) and seen[-1] == 96.0


async def test_hard_cuts_user_music_and_no_title(tmp_path: Path, job_id: str) -> None:
    music = tmp_path / "mine.wav"
    music.write_bytes(tone_wav(0.7, 110.0))  # shorter than the video: it must loop
    deps = make_deps(tmp_path, crossfade_s=0.0, title_card=False, music_path=music)
    sample = await store_sample(deps.storage, job_id, durations=(1.0, 1.3))  # type: ignore[arg-type]
    ctx, _ = await make_context(job_id)
    result = await render(sample.msg, ctx, deps)
    video = tmp_path / "store" / result.outputs["video.mp4"]
    expected = 1.0 + 1.3 + 2 * deps.settings.pause_s
    assert result.duration_s == pytest.approx(expected, abs=2 / FPS)
    assert abs(video_frames(video) - expected * FPS) <= 2
    # a hard cut: the last frame of scene 0 and the first of scene 1 are not blended
    cut = 1.0 + deps.settings.pause_s
    before, after = frame_at(video, cut - 0.04), frame_at(video, cut + 0.02)
    assert tuple(int(c) for c in before[1800, 540]) == pytest.approx(COLOURS[0], abs=8)
    assert tuple(int(c) for c in after[1800, 540]) == pytest.approx(COLOURS[1], abs=8)
    lufs, _ = loudness(video)
    assert lufs == pytest.approx(-14.0, abs=1.5)
