"""The offline Writer: a seeded template grammar that needs no model, key or network.

Small instruction LLMs that fit in a wheel wrote incoherent shorts; a grammar with a fixed
arc (hook → build-up → twist → open ending) and a per-story cast reads better aloud.
"""

import hashlib
import random
from collections.abc import Sequence

from services.story.engine import arc, cast, layout
from services.story.engine.data import load
from services.story.engine.grammar import second_person
from services.story.engine.picker import Picker
from services.story.engine.topic import analyse
from shared.messages.job import JobSpec
from shared.messages.story import Story
from shared.quality import (
    DURATION_TOLERANCE,
    WORDS_PER_MINUTE,
    auto_scene_count,
    check_quality,
    count_words,
    target_words,
)

SECOND_PERSON_SHARE = 0.35
ATTEMPTS = 8  # drafts tried before settling for the one with the fewest problems
LINE_WORDS = 12  # a first guess at words per line; later drafts correct it
LONG_SCENE_WORDS = 40  # above this, three sentences cannot fill a scene
AIM = DURATION_TOLERANCE / 2  # aim well inside the tolerance so estimates can drift


def stable_seed(*parts: object) -> int:
    """A seed that is the same on every machine and run (unlike hash() on str)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def _grammar(tone: dict) -> dict[str, list[tuple[dict, bool]]]:
    merged: dict[str, list[tuple[dict, bool]]] = {}
    for stage, entries in load("common")["stages"].items():
        merged[stage] = [(e, False) for e in entries]
    for stage, entries in tone.get("stages", {}).items():
        merged.setdefault(stage, []).extend((e, True) for e in entries)
    return merged


class OfflineWriter:
    name = "offline"

    def __init__(self, wpm: float = WORDS_PER_MINUTE) -> None:
        self.wpm = wpm

    async def write(self, spec: JobSpec, *, feedback: list[str], round_: int) -> Story:
        return self.compose(spec, feedback=feedback, round_=round_)

    def compose(self, spec: JobSpec, *, feedback: Sequence[str] = (), round_: int = 0) -> Story:
        """The story itself; synchronous because it takes a few milliseconds."""
        base = spec.seed if spec.seed is not None else stable_seed(spec.topic.strip().lower())
        # A rejected draft must not come back unchanged: the round and feedback reseed it.
        seed = stable_seed(
            base, spec.topic, spec.tone, spec.duration_s, spec.scenes, round_, *sorted(feedback)
        )
        scenes = spec.scenes or auto_scene_count(spec.duration_s)
        budget = target_words(spec.duration_s, self.wpm)
        # One to three sentences per scene, unless the scenes are too long to fill that way.
        most = 3 * scenes if budget / scenes <= LONG_SCENE_WORDS else 10 * scenes
        slots = min(most, max(scenes, round(budget / LINE_WORDS)))
        best: tuple[int, float, Story] | None = None
        for attempt in range(ATTEMPTS):
            story, words = self._draft(spec, stable_seed(seed, attempt), slots, scenes, budget)
            problems = len(check_quality(story, spec, self.wpm))
            miss = abs(words - budget) / budget
            if best is None or (problems, miss) < best[:2]:
                best = (problems, miss, story)
            if problems == 0 and miss <= AIM:
                break
            # Too long: fewer lines; too short: more; a spare line lets scenes even out.
            resized = round(slots * budget / max(words, 1))
            slots = min(most, max(scenes, resized if resized != slots else slots + 1))
        assert best is not None
        return best[2]

    def _draft(
        self, spec: JobSpec, seed: int, slots: int, scenes: int, budget: float
    ) -> tuple[Story, int]:
        rng = random.Random(seed)
        topic = analyse(spec.topic)
        tone = load(spec.tone.replace("-", "_"))
        second = rng.random() < SECOND_PERSON_SHARE
        story_cast = cast.build(topic, tone, rng, second_person=second)
        picker = Picker(_grammar(tone), story_cast, topic, rng)
        lines = arc.write_lines(picker, arc.plan(slots), budget)
        groups = layout.split(lines, scenes)
        built = [layout.scene(i, g, story_cast, spec.style, rng) for i, g in enumerate(groups)]
        title, hook = layout.title(story_cast, rng), lines[0].text
        if second:
            title, hook = layout.title_case(second_person(title)), second_person(hook)
            built = [s.model_copy(update={"narration": second_person(s.narration)}) for s in built]
        story = Story(title=title, hook=hook, scenes=built, language="en")
        return story, sum(count_words(line.text) for line in lines)
