"""(c) of the render benchmark: the same short written with MoviePy 2, as its users write it.

Per scene a still with a slow zoom or pan (``resized``/``with_position`` over time), crossfades
(``CrossFadeIn`` on overlapping clips), captions a few words at a time with the spoken word in
red (a white phrase, the word drawn again over it), a title card, the narration and a looped,
faded drone. What MoviePy has no tool for is left out: sidechain ducking, the voice's pitch
and echo, loudness normalisation.

usage: python -m bench.render_moviepy INPUTS_DIR SCENES OUT.mp4
"""

import sys
from pathlib import Path

from moviepy import (
    AudioFileClip,
    CompositeAudioClip,
    CompositeVideoClip,
    ImageClip,
    TextClip,
    afx,
    vfx,
)
from PIL import ImageFont

from bench.render_inputs import BenchScene, scenes
from services.render.engine.music import write_drone
from services.render.typeface import FONT_FILE

W, H, FPS = 1080, 1920, 30
PAUSE, FADE = 0.45, 0.45
SIZE, STROKE, CAPTION_Y = 92, 7, 1190
MOVES = [(1.0, 1.15, None), (1.15, 1.02, None), (1.12, 1.12, (-60, 0)), (1.0, 1.12, None)]


def scene_clip(image: Path, duration: float, k: int) -> CompositeVideoClip:
    """The still, zooming in or out, or panning, centred in a 1080x1920 frame."""
    z0, z1, pan = MOVES[k % len(MOVES)]
    still = ImageClip(str(image)).with_duration(duration)
    moving = still.resized(lambda t: z0 + (z1 - z0) * t / duration)
    if pan is None:
        moving = moving.with_position("center")
    else:
        x0, y0 = (W - W * z0) / 2, (H - H * z0) / 2
        moving = moving.with_position(lambda t: (x0 + pan[0] * t / duration, y0))
    return CompositeVideoClip([moving], size=(W, H)).with_duration(duration)


def _groups(texts: list[str], font: ImageFont.FreeTypeFont) -> list[range]:
    """Words in runs of up to three that fit the frame's width."""
    runs, first = [], 0
    for k in range(1, len(texts) + 1):
        wide = font.getlength(" ".join(texts[first : k + 1])) > W - 160
        if k == len(texts) or k - first == 3 or wide:
            runs.append(range(first, k))
            first = k
    return runs


def _text(text: str, colour: str) -> TextClip:
    return TextClip(
        font=str(FONT_FILE), text=text, font_size=SIZE, color=colour, stroke_color="black",
        stroke_width=STROKE, margin=(STROKE, 2 * STROKE),
    )  # fmt: skip


def captions(scene: BenchScene, start: float) -> list[TextClip]:
    """A few words at a time in white; the word being spoken drawn over it in red."""
    font = ImageFont.truetype(str(FONT_FILE), SIZE)
    words = scene.words
    texts = [w.word.upper().strip(",.") for w in words]
    clips: list[TextClip] = []
    for run in _groups(texts, font):
        phrase = " ".join(texts[i] for i in run)
        left = (W - font.getlength(phrase)) / 2
        end = words[run[-1] + 1].start if run[-1] + 1 < len(words) else words[run[-1]].end + 0.3
        white = _text(phrase, "white").with_position(("center", CAPTION_Y))
        clips.append(white.with_start(start + words[run[0]].start).with_end(start + end))
        for i in run:
            x = left + font.getlength(" ".join(texts[run[0] : i + 1])) - font.getlength(texts[i])
            until = words[i + 1].start if i < run[-1] else end
            red = _text(texts[i], "#FF3B30").with_position((x - 2 * STROKE, CAPTION_Y))
            clips.append(red.with_start(start + words[i].start).with_end(start + until))
    return clips


def main(inputs: Path, count: int, out: Path) -> None:
    job = scenes(inputs, count)
    drone = inputs / "drone.wav"
    if not drone.exists():
        write_drone(drone, 7)
    layers, voices, start = [], [], 0.0
    for k, scene in enumerate(job):
        slot = scene.duration_s + PAUSE
        lead = FADE if k else 0.0
        clip = scene_clip(scene.image, slot + lead, k).with_start(start - lead)
        layers.append(clip.with_effects([vfx.CrossFadeIn(FADE)]) if k else clip)
        voices.append(AudioFileClip(str(scene.audio)).with_start(start))
        layers += captions(scene, start)
        start += slot
    title = TextClip(font=str(FONT_FILE), text="THE KEEPER OF THE ROCK", font_size=104,
                     color="white", stroke_color="black", stroke_width=8, method="caption",
                     size=(W - 160, None), text_align="center", margin=(8, 24))  # fmt: skip
    layers.append(title.with_start(0).with_duration(2.0).with_position(("center", 480)))
    music = AudioFileClip(str(drone)).with_effects([
        afx.AudioLoop(duration=start), afx.MultiplyVolume(0.2), afx.AudioFadeIn(1.5),
        afx.AudioFadeOut(3.0),
    ])  # fmt: skip
    video = CompositeVideoClip(layers, size=(W, H)).with_duration(start)
    video = video.with_audio(CompositeAudioClip([*voices, music]).with_duration(start))
    video.write_videofile(
        str(out), fps=FPS, codec="libx264", preset="veryfast", audio_codec="aac",
        audio_bitrate="192k", logger=None,
        ffmpeg_params=["-crf", "23", "-pix_fmt", "yuv420p", "-profile:v", "high", "-g", "60",
                       "-movflags", "+faststart"],
    )  # fmt: skip


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
