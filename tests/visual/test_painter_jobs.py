"""Whole offline jobs through the painter: every still of a video distinct, the prompt's own
subject drawn, by the painter's record and checked against the prompt's words.

20 topics x 2 seeds, stories from the offline writer, each scene painted the way the visual
handler paints it (index, the job's prompts, the job seed) at a small size.
"""

import asyncio
import itertools
import json
import re
from pathlib import Path

import pytest

from services.story.engine.writer import OfflineWriter
from services.visual.engine.catalog import SUBJECTS
from services.visual.engine.likeness import distance, phash
from services.visual.engine.reading import normal
from services.visual.handler import job_seed, scene_seed
from services.visual.painter import Job
from services.visual.providers.offline import OfflinePainter
from services.visual.record import read
from shared.messages.job import JobSpec

pytestmark = pytest.mark.slow

TOPICS = json.loads((Path(__file__).parents[1] / "story" / "topics.json").read_text())[:20]
SEEDS = (1, 2)
# Two stills closer than this are one picture to pHash: JPEG copies (q60, 10 % brighter or
# 15 % darker) of a still measure at most 0.05 from it; the stills of one video measured
# 0.31 and up (bench/painting.py prints both spreads; docs/performance.md).
THRESHOLD = 0.2
SIZE = (216, 384)


async def paint_video(topic: str, seed: int) -> list[tuple[str, bytes]]:
    spec = JobSpec(topic=topic, seed=seed)
    story = OfflineWriter().compose(spec)
    prompts = tuple(s.image_prompt for s in story.scenes)
    painter = OfflinePainter()
    out = []
    for scene in story.scenes:
        job = Job(index=scene.index, prompts=prompts, seed=job_seed(spec.seed, topic))
        png = await painter.paint(
            scene.image_prompt, style=spec.style, mood=scene.mood,
            seed=scene_seed(spec.seed, topic, scene.index), width=SIZE[0], height=SIZE[1], job=job,
        )  # fmt: skip
        out.append((scene.image_prompt, png))
    return out


@pytest.fixture(scope="module")
def videos() -> dict[tuple[str, int], list[tuple[str, bytes]]]:
    async def every() -> dict[tuple[str, int], list[tuple[str, bytes]]]:
        return {(t, s): await paint_video(t, s) for t in TOPICS for s in SEEDS}

    return asyncio.run(every())


def test_no_subject_is_shot_the_same_way_twice_in_a_video(videos) -> None:
    for (topic, seed), stills in videos.items():
        shots = [(r["subject"], r["framing"]) for r in (read(png) for _, png in stills) if r]
        assert len(shots) == len(stills), "every offline still carries its record"
        assert len(set(shots)) == len(shots), f"{topic!r} seed {seed}: {shots}"


def test_the_stills_of_a_video_are_perceptually_distinct(videos) -> None:
    closest = 1.0
    for (topic, seed), stills in videos.items():
        hashes = [phash(png) for _, png in stills]
        for (i, a), (j, b) in itertools.combinations(enumerate(hashes), 2):
            d = distance(a, b)
            closest = min(closest, d)
            assert d > THRESHOLD, f"{topic!r} seed {seed}: scenes {i} and {j} are {d:.3f} apart"
    assert closest < 0.45, "the hash separates pictures; it is not just noise"


def test_the_prompts_own_subject_is_drawn_in_nine_scenes_of_ten(videos) -> None:
    drawn = total = 0
    for stills in videos.values():
        for prompt, png in stills:
            record = read(png)
            assert record is not None
            total += 1
            if not record["named_in_prompt"]:
                continue
            # The record's claim, checked against the prompt itself: one of the subject's
            # words is in the prompt's first clause.
            first = re.split(r"[,;:.]\s", normal(prompt), maxsplit=1)[0]
            words = SUBJECTS[record["subject"]].words
            assert any(w in first for w in words), (record["subject"], prompt)
            drawn += 1
    assert drawn / total >= 0.9, f"{drawn}/{total}"
