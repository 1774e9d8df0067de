"""The render benchmark's inputs: narrated scenes and their stills, made once and cached.

Eight real sentences read by the offline voice (with its word timings), each padded with
silence to 7.5 s so eight scenes are exactly 60 s of narration, and eight 1080x1920 stills from
the offline painter. A longer video repeats the eight scenes in order.
"""

import asyncio
import io
import json
import wave
from dataclasses import dataclass
from pathlib import Path

from services.tts.providers.offline import OfflineVoice
from services.visual.providers.offline import OfflinePainter
from shared.messages.scene import WordTiming

SCENE_S = 7.5
STYLE = "grainy 35mm film still, cold moonlight, deep shadows, muted teal and amber"
SCENES = (  # (narration, picture)
    ("The lighthouse keeper wrote that something knocked beneath the lamp room, every single "
     "night, at exactly three.", "a lighthouse on a black rock at night, storm clouds"),
    ("Nobody had lived on the rock for forty years, and yet the stairs were always wet with "
     "small bare footprints.", "a spiral stone staircase inside a lighthouse, wet steps"),
    ("He counted the steps down to the cellar. There were ninety one. In the morning there "
     "were ninety two.", "a cellar door at the bottom of old stairs, one candle"),
    ("The old radio crackled with his own voice, calmly reading out the log entry he had not "
     "written yet.", "an old radio on a wooden desk by a window at night"),
    ("He locked the hatch and dragged the iron stove across it, and still the knocking came "
     "closer and closer.", "a dark room with an iron stove and a trapdoor"),
    ("At dawn the supply boat found the door wide open, and a supper plate neatly set for two "
     "at the table.", "a small boat near a rocky shore in fog at dawn"),
    ("The keeper was sitting in his chair by the window, smiling, his grey eyes fixed on the "
     "dark water below.", "a figure in a chair by a window, dark sea outside"),
    ("They say if you row past the rock at night, a lamp still turns up there, and something "
     "waves you in.", "a distant lighthouse beam over a black sea, a figure on the rocks"),
)  # fmt: skip


@dataclass(frozen=True)
class BenchScene:
    index: int
    text: str
    audio: Path
    image: Path
    words: list[WordTiming]
    duration_s: float


def _padded(wav: bytes, seconds: float) -> bytes:
    """The WAV with trailing silence up to ``seconds`` (never cut: words must stay whole)."""
    with wave.open(io.BytesIO(wav)) as r:
        params, frames = r.getparams(), r.readframes(r.getnframes())
    want = round(seconds * params.framerate) * params.sampwidth * params.nchannels
    frames += b"\0" * max(want - len(frames), 0)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setparams(params)
        w.writeframes(frames)
    return out.getvalue()


async def _make(folder: Path, scene_s: float) -> None:
    voice, painter = OfflineVoice(), OfflinePainter()
    meta = []
    for i, (text, picture) in enumerate(SCENES):
        speech = await voice.speak(text, voice="default", language="en")
        duration = max(scene_s, speech.duration_s)
        (folder / f"scene-{i}.wav").write_bytes(_padded(speech.wav, duration))
        png = await painter.paint(picture, style=STYLE, mood="dread", seed=100 + i,
                                  width=1080, height=1920)  # fmt: skip
        (folder / f"scene-{i}.png").write_bytes(png)
        words = [w.model_dump() for w in speech.words]
        meta.append({"text": text, "duration_s": duration, "words": words})
    (folder / "scenes.json").write_text(json.dumps(meta, indent=1))


def scenes(folder: Path, count: int, per_scene: int = 1) -> list[BenchScene]:
    """``count`` scenes, each reading ``per_scene`` of the eight sentences in turn over the
    first one's picture; everything is made into ``folder`` on first use."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "scenes.json").exists():
        asyncio.run(_make(folder, SCENE_S))
    meta = json.loads((folder / "scenes.json").read_text())
    out = []
    for i in range(count):
        parts = [(i * per_scene + j) % len(meta) for j in range(per_scene)]
        audio = folder / f"scene-{parts[0]}.wav"
        if per_scene > 1:
            audio = folder / f"joined-{'-'.join(map(str, parts))}.wav"
            if not audio.exists():
                _join([folder / f"scene-{k}.wav" for k in parts], audio)
        words, offset = [], 0.0
        for k in parts:
            words += [WordTiming(word=w["word"], start=w["start"] + offset, end=w["end"] + offset)
                      for w in meta[k]["words"]]  # fmt: skip
            offset += meta[k]["duration_s"]
        out.append(BenchScene(
            index=i, text=" ".join(meta[k]["text"] for k in parts), audio=audio,
            image=folder / f"scene-{parts[0]}.png", words=words, duration_s=offset,
        ))  # fmt: skip
    return out


def _join(wavs: list[Path], out: Path) -> None:
    frames, params = b"", None
    for path in wavs:
        with wave.open(str(path)) as r:
            params = r.getparams()
            frames += r.readframes(r.getnframes())
    with wave.open(str(out), "wb") as w:
        w.setparams(params)
        w.writeframes(frames)
