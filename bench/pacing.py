"""Refit the offline voice's pacing model (services/story/engine/pacing.py) and check it.

Writes stories for 16 topics of tests/story/topics.json at 20 and 45 s, has hibari read every
scene, and fits the scene's speech seconds by least squares on words alone, on syllables and
breaks, and on syllables, breaks and sentences; prints each fit's per-scene error. Then, with
the model in place, makes 40 stories of "the radio that plays the next day" at 20 s in 3 scenes
(the studio tests' job: report forms with case numbers and clock times ran long) and prints how
many videos would fall outside ±5 % of the asked length once the render fits its pauses.

usage: python -m bench.pacing
"""

import json
import random
from pathlib import Path

import numpy as np

from services.render.handler import MAX_PAUSE_S, MIN_PAUSE_S
from services.render.timeline import fitted_pause
from services.story.engine.pacing import features
from services.story.engine.writer import OfflineWriter
from services.tts.providers.offline import _speak
from shared.messages.job import JobSpec
from shared.quality import count_words

TOPICS = Path(__file__).resolve().parents[1] / "tests" / "story" / "topics.json"


def row(text: str) -> list[float]:
    """Words alone, then the model's own features (syllables, breaks, sentences)."""
    return [float(count_words(text)), *map(float, features(text))]


def fit() -> None:
    topics = json.loads(TOPICS.read_text())
    writer = OfflineWriter()
    rows, secs = [], []
    for i, topic in enumerate(random.Random(5).sample(topics, 16)):
        for duration in (20, 45):
            story = writer.compose(JobSpec(topic=topic, duration_s=duration, seed=1000 + i))
            for scene in story.scenes:
                rows.append(row(scene.narration))
                secs.append(_speak(scene.narration, False).duration_s)
    x, y = np.array(rows), np.array(secs)
    for name, cols in (("words", [0]), ("syllables+breaks", [1, 2]), ("+sentences", [1, 2, 3])):
        coef, *_ = np.linalg.lstsq(x[:, cols], y, rcond=None)
        err = y - x[:, cols] @ coef
        worst = abs(err).max()
        print(f"{name:18} coef {coef.round(3)}  rms {err.std():.3f} s  worst {worst:.2f} s")
    print(f"{len(rows)} scenes, {y.sum():.0f} s of speech")


def lengths(duration: int = 20, scenes: int = 3, seeds: int = 40) -> None:
    writer = OfflineWriter()
    made = []
    for seed in range(seeds):
        spec = JobSpec(
            topic="the radio that plays the next day", duration_s=duration, scenes=scenes, seed=seed
        )
        story = writer.compose(spec)
        speech = [_speak(s.narration, False).duration_s for s in story.scenes]
        pause = fitted_pause(
            speech, duration, pause_s=0.45, least_s=MIN_PAUSE_S, most_s=MAX_PAUSE_S
        )
        made.append(sum(speech) + pause * len(speech))
    outside = sum(abs(m / duration - 1) > 0.05 for m in made)
    print(f"{duration} s in {scenes} scenes, {seeds} seeds: {outside} outside ±5 %, "
          f"longest {max(made):.2f} s")  # fmt: skip


if __name__ == "__main__":
    fit()
    lengths()
