"""Small, known inputs for render tests: tone WAVs, flat-ish stills, invented word timings."""

import io
import wave
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from shared.messages.render import AssetsReady, SceneAssets
from shared.messages.scene import WordTiming
from shared.messages.story import Scene, Story
from shared.storage import keys
from shared.storage.local import LocalStorage

RATE = 24_000
SCENE_WORDS = (
    ["the", "keeper", "heard", "knocking", "below", "the", "lamp", "room"],
    ["nobody", "lives", "under", "the", "rock"],
    ["he", "opened", "the", "hatch", "and", "it", "was", "smiling"],
)
COLOURS = ((40, 44, 60), (60, 40, 40), (36, 56, 44))


@dataclass(frozen=True)
class Sample:
    msg: AssetsReady
    story: Story
    durations: list[float]


def tone_wav(seconds: float, freq: float) -> bytes:
    """A voice stand-in: a tone that swells with each invented word."""
    t = np.arange(round(seconds * RATE)) / RATE
    env = 0.55 + 0.45 * np.abs(np.sin(np.pi * t * 2.5))
    pcm = (0.5 * env * np.sin(2 * np.pi * freq * t) * 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())
    return buf.getvalue()


def still_png(colour: tuple[int, int, int], index: int) -> bytes:
    """A flat frame with shapes in the top half only, so the caption area stays plain."""
    im = Image.new("RGB", (1080, 1920), colour)
    d = ImageDraw.Draw(im)
    for k in range(6):
        x = 120 + k * 150
        d.ellipse((x, 200 + 60 * ((k + index) % 3), x + 110, 310 + 60 * ((k + index) % 3)),
                  fill=(200, 190, 170))  # fmt: skip
    d.rectangle((0, 0, 1079, 1919), outline=(230, 230, 230), width=12)
    buf = io.BytesIO()
    im.save(buf, "PNG", compress_level=1)
    return buf.getvalue()


def word_timings(words: list[str], seconds: float) -> list[WordTiming]:
    """Words spread evenly over the audio, each spoken for 80 % of its share."""
    share = (seconds - 0.2) / len(words)
    return [
        WordTiming(word=w, start=round(0.1 + k * share, 3), end=round(0.1 + (k + 0.8) * share, 3))
        for k, w in enumerate(words)
    ]


async def store_sample(
    storage: LocalStorage, job_id: str, durations: tuple[float, ...] = (2.4, 3.1, 2.7)
) -> Sample:
    story = Story(
        title="The Lamp Room",
        hook="Something knocks under a lighthouse where nobody lives.",
        scenes=[
            Scene(index=i, narration=" ".join(SCENE_WORDS[i % 3]), image_prompt="dark")
            for i in range(len(durations))
        ],
    )
    await storage.put(keys.story(job_id), story.model_dump_json().encode())
    scenes = []
    for i, seconds in enumerate(durations):
        await storage.put(keys.scene_audio(job_id, i), tone_wav(seconds, 180 + 40 * i))
        await storage.put(keys.scene_image(job_id, i), still_png(COLOURS[i % 3], i))
        scenes.append(
            SceneAssets(
                index=i,
                audio_key=keys.scene_audio(job_id, i),
                duration_s=seconds,
                words=word_timings(SCENE_WORDS[i % 3], seconds),
                image_key=keys.scene_image(job_id, i),
            )
        )
    msg = AssetsReady(job_id=job_id, story_key=keys.story(job_id), scenes=scenes)
    return Sample(msg=msg, story=story, durations=list(durations))
