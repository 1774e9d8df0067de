"""The render stage's pure parts: timeline, caption grouping and files, music, camera."""

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from services.render import subtitles
from services.render.captions import Word, group, place
from services.render.engine import ass, camera, graph
from services.render.engine.motion import FRAMINGS, framings, path
from services.render.engine.music import drone
from services.render.timeline import HEIGHT, WIDTH, plan
from shared.media.ffmpeg import ffmpeg_exe
from shared.messages.scene import WordTiming


def test_timeline_adds_up_to_the_narration() -> None:
    tl = plan([(0, 2.4), (1, 3.1), (2, 2.7)], pause_s=0.45, crossfade_s=0.45)
    assert tl.total_s == pytest.approx(2.4 + 3.1 + 2.7 + 3 * 0.45)
    assert tl.total_frames == round(tl.total_s * 30)
    assert [s.start_s for s in tl.slots] == pytest.approx([0, 2.85, 6.4])
    assert tl.fade_frames == 14  # 0.45 s, rounded to frames
    # pictures overlap by one fade per transition: xfade's output is exactly the timeline
    assert sum(s.clip_frames for s in tl.slots) - 2 * tl.fade_frames == tl.total_frames
    for s in tl.slots[1:]:
        assert s.fade_at_s == pytest.approx((s.first_frame - tl.fade_frames) / 30)
    single = plan([(4, 3.0)], pause_s=0.5, crossfade_s=0.5)
    assert single.fade_frames == 0 and single.total_frames == 105


def test_fade_never_outlasts_a_scene() -> None:
    tl = plan([(0, 2.0), (1, 0.1)], pause_s=0.0, crossfade_s=1.0)
    assert tl.fade_frames <= tl.slots[1].frames


def test_words_are_placed_monotonic_and_inside_the_voice() -> None:
    raw = [
        WordTiming(word="a", start=0.5, end=0.9),
        WordTiming(word="b", start=0.4, end=0.3),  # runs backwards
        WordTiming(word="  ", start=1.0, end=1.1),  # nothing to show
        WordTiming(word="c", start=1.8, end=2.6),  # past the audio
    ]
    words = place(3, 10.0, 2.0, raw)
    assert [(w.text, w.start, w.end) for w in words] == [
        ("a", 10.5, 10.9), ("b", 10.5, 10.5), ("c", 11.8, 12.0),
    ]  # fmt: skip
    assert {w.scene for w in words} == {3}


def test_phrases_break_at_punctuation_pauses_and_scenes() -> None:
    def w(text: str, start: float, scene: int = 0) -> Word:
        return Word(text, start, start + 0.2, scene)

    words = [w("It", 0), w("came", 0.25), w("back.", 0.5), w("Then", 0.75), w("it", 2.0),
             w("knocked", 2.25), w("twice", 2.5, scene=1)]  # fmt: skip
    assert [p.text for p in group(words)] == ["It came back.", "Then", "it knocked", "twice"]
    long = [w("unbelievably", 0), w("terrifying", 0.3)]
    assert [p.text for p in group(long, max_chars=16)] == ["unbelievably", "terrifying"]


def _phrases() -> list:  # type: ignore[type-arg]
    words = [Word("Don't", 1.0, 1.3, 0), Word("<look>", 1.4, 1.9, 0), Word("down", 62.05, 62.5, 1)]
    return group(words)


def test_srt_and_vtt_text() -> None:
    assert subtitles.srt(_phrases()) == (
        "1\n00:00:01,000 --> 00:00:01,900\nDon't &lt;look&gt;\n\n"
        "2\n00:01:02,050 --> 00:01:02,500\ndown\n"
    )
    assert subtitles.vtt(_phrases()) == (
        "WEBVTT\n\n00:00:01.000 --> 00:00:01.900\nDon't <00:00:01.400>&lt;look&gt;\n\n"
        "00:01:02.050 --> 00:01:02.500\ndown\n"
    )


def test_srt_escapes_markup_and_arrows_from_the_story(tmp_path: Path) -> None:
    said = ['<font color="red">run</font>', "<i>now</i>", "-->", "00:00:09,000", "&"]
    words = [Word(t, 1.0 + k, 1.5 + k, k) for k, t in enumerate(said)]  # a phrase each
    text = subtitles.srt(group(words))
    assert "<" not in text and ">" not in text.replace(" --> ", "")
    assert '&lt;font color="red"&gt;run&lt;/font&gt;' in text and "--&gt;" in text
    # ffmpeg's SRT reader turns <font>/<i> into ASS overrides and splits cues at a "-->" line
    srt, out = tmp_path / "c.srt", tmp_path / "c.ass"
    srt.write_text(text, encoding="utf-8")
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-i", str(srt), str(out)], check=True)
    cues = [ln for ln in out.read_text().splitlines() if ln.startswith("Dialogue:")]
    assert len(cues) == len(said)
    assert not any("{\\" in cue for cue in cues), "markup in the story became styling"


def test_ass_highlights_one_word_per_event() -> None:
    style = ass.CaptionStyle(highlight="#FF3B30")
    doc = ass.script(_phrases(), style, title="A {bad} title", title_s=2.0)
    assert ass.ass_colour("#FF3B30") == "&H00303BFF"
    events = [ln for ln in doc.splitlines() if ln.startswith("Dialogue: 1,")]
    assert len(events) == 3
    assert events[0].startswith("Dialogue: 1,0:00:01.00,0:00:01.40,Caption")
    assert "{\\c&H00303BFF" in events[1] and events[1].index("\\c&H") > events[1].index("DON'T")
    assert "A (BAD) TITLE" in doc and "{bad}" not in doc
    assert ass.timestamp(3725.456) == "1:02:05.46"


def test_drone_loops_without_a_click() -> None:
    loop = drone(seed=7, loop_s=4.0)
    assert loop.shape == (4 * 48_000, 2) and loop.dtype == np.float32
    assert 0.3 < np.abs(loop).max() <= 0.5
    step = np.abs(np.diff(loop, axis=0)).max()
    seam = np.abs(loop[0] - loop[-1]).max()
    assert seam <= step, "the wrap-around must be no bigger than any step inside the loop"
    assert not np.allclose(loop[:, 0], loop[:, 1]), "left and right should differ"


def test_framings_stay_inside_the_picture() -> None:
    for f in FRAMINGS:
        left, top, right, bottom = f.rect(1080, 1920)
        assert 0 <= left < right <= 1080 and 0 <= top < bottom <= 1920
        assert (right - left) / (bottom - top) == pytest.approx(1080 / 1920)


def _dot_positions(frames: np.ndarray) -> np.ndarray:
    ys, xs = np.mgrid[0 : frames.shape[1], 0 : frames.shape[2]]
    weights = frames.astype(float) - frames.min()
    total = weights.sum(axis=(1, 2))
    return np.stack([(weights * xs).sum(axis=(1, 2)) / total,
                     (weights * ys).sum(axis=(1, 2)) / total], axis=1)  # fmt: skip


def _ideal_positions(dot: tuple[float, float], cut: int, frames_n: int) -> np.ndarray:
    """Where the camera model says the dot is: rects eased between framings (smoothstep)."""
    rects = [np.array(f.rect(1080, 1920)) for f in framings(2)]
    out = []
    for n in range(frames_n):
        k, start, end = (0, 0, cut) if n < cut else (1, cut, frames_n - 1)
        p = min(max((n - start) / (end - start), 0.0), 1.0)
        left, top, right, bottom = rects[k] + (rects[k + 1] - rects[k]) * p * p * (3 - 2 * p)
        out.append(
            ((dot[0] - left) / (right - left) * 1080, (dot[1] - top) / (bottom - top) * 1920)
        )
    return np.array(out)


def test_camera_glides_without_pixel_jitter(tmp_path: Path) -> None:
    """A soft dot filmed by the camera must follow the camera model to a fraction of a pixel:
    whole-pixel snapping (zoompan, scale+crop) shows up here as errors of 0.5-3 px."""
    frames_n, cut, window = 40, 20, (550, 1150)
    plan = camera.shots(path([cut], frames_n, 1080, 1920), 1080, 1920)
    (tmp_path / camera.FILE).write_text(camera.commands(plan, 30))
    dot = "geq=lum='255*exp(-((X-700)*(X-700)+(Y-1300)*(Y-1300))/50)':cb=128:cr=128"
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
         f"color=black:size=1080x1920:rate=30:duration=1,format=yuv420p,{dot},"
         f"trim=end_frame=1,{camera.pad(1080, 1920)},"
         f"loop=loop={frames_n - 1}:size=1:start=0,setpts=N/30/TB,"
         f"{camera.filters(plan, 1080, 1920)},crop=300:300:{window[0]}:{window[1]},"
         "format=gray", "-f", "rawvideo", "-"],
        capture_output=True, check=True, cwd=tmp_path,
    ).stdout  # fmt: skip
    frames = np.frombuffer(raw, np.uint8).reshape(-1, 300, 300)
    assert len(frames) == frames_n
    seen = _dot_positions(frames) + window
    ideal = _ideal_positions((700, 1300), cut, frames_n)
    assert np.abs(ideal[-1] - ideal[0]).max() > 20, "the camera should move"
    error = seen - ideal
    wobble = np.abs(error - error.mean(axis=0)).max()
    assert wobble < 0.2, f"the picture wobbles by {wobble:.2f} px around the camera path"


def test_camera_plan_places_every_frame_within_a_fifth_of_a_pixel() -> None:
    tl = plan([(i, 7.5) for i in range(8)], pause_s=0.45, crossfade_s=0.45)
    cuts = [slot.first_frame - tl.fade_frames // 2 for slot in tl.slots[1:]]
    for seed in range(3):
        shots = camera.shots(path(cuts, tl.total_frames, 1080, 1920, seed), 1080, 1920)
        assert len(shots) == tl.total_frames
        assert camera.worst_error(shots) < 0.2
        for s in shots:  # even, so 4:2:0 chroma is cut and resized in step with luma
            for a in (s.x, s.y):
                assert a.start % 2 == a.size % 2 == a.scaled % 2 == a.offset % 2 == 0
            assert s.x.offset + 1080 <= s.x.scaled and s.y.offset + 1920 <= s.y.scaled


def test_every_frame_reaches_the_camera_at_its_own_time(tmp_path: Path) -> None:
    """Issue #18: the camera's settings arrive through ``sendcmd``, keyed to frame times. A
    frame carrying its predecessor's time skipped them, and the last crop then cut past the
    end of the resized picture (garbage rows; a segfault in x264 when that page was unmapped).
    Held pictures timed as N/FRAME_RATE/TB in ffmpeg's microsecond base did so at frame 123."""
    tl = plan([(0, 5.0), (1, 5.0)], pause_s=0.45, crossfade_s=0.45)
    args = graph.command(tl, Path("mix.wav"), "anull", graph.Encoding(), Path("v.mp4"),
                         graph.shots(tl, 0, WIDTH, HEIGHT))  # fmt: skip
    video = args[args.index("-filter_complex") + 1].split(";\n")
    held = [p for p in video if "loop=" in p]
    assert held and all(f"settb=1/{tl.fps},setpts=N[" in p for p in held)
    # the pictures and their crossfades, up to where the camera takes the stream
    before_camera = [p for p in video if not p.startswith(("[joined]", "[1:a]"))]
    (tmp_path / "stills.rgb").write_bytes(bytes(2 * WIDTH * HEIGHT * 3))
    run = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", *args[: args.index("-i") + 2],
         "-filter_complex", ";".join([*before_camera, "[joined]showinfo=checksum=0[out]"]),
         "-map", "[out]", "-f", "null", "-"],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    )  # fmt: skip
    times = [(int(n), float(t)) for n, t in
             re.findall(r"n:\s*(\d+) pts:\s*\S+\s+pts_time:(\S+)", run.stderr)]  # fmt: skip
    assert len(times) >= tl.total_frames
    # blend repeats the last frame once at the end; the encoder's -r drops it
    off = [(n, t) for n, t in times[: tl.total_frames] if abs(t * tl.fps - n) > 1e-3]
    assert off == [], f"frames off their time (frame, seconds): {off[:5]}"
