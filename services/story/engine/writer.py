"""The offline Writer: a seeded, composable grammar that needs no model, key or network.

Small instruction LLMs that fit in a wheel wrote incoherent shorts; a grammar with a fixed arc
(hook → setup → first sign → escalation → turn → ending), seven ways of telling it and a cast
kept for the whole story reads better aloud. Without a seed each run draws a fresh one, and the
seed goes into the story so `--seed N` repeats it exactly.
"""

import hashlib
import random
import secrets
from collections.abc import Sequence

from services.story.engine import cast, layout, plan, premise
from services.story.engine.data import load
from services.story.engine.pacing import speech_seconds
from services.story.engine.person import second_person
from services.story.engine.telling import Line, Teller
from services.story.engine.topic import analyse
from shared.messages.job import JobSpec
from shared.messages.story import Story
from shared.quality import WORDS_PER_MINUTE, auto_scene_count, check_quality

# The offline voice (hibari at speed 0.85, 0.5 s between sentences) measured over 8 stories:
# 615 words in 210.4 s of speech, 175 words a minute: the first guess of a draft's words. The
# draft is then measured by its syllables and breaths (engine.pacing), which a case number or a
# run of long words cannot fool. The render fills the rest of the asked-for length with pauses
# between scenes, so speech aims at 88 % of it and never has to be cut.
VOICE_WPM = 175.0
SPEECH_SHARE = 0.88
ATTEMPTS = 24  # drafts tried before settling for the one closest to the length
AIM = 0.04  # speech within 4 % of the plan: the render's pauses absorb the rest
WORDS_PER_SENTENCE = 14.0  # a first guess; later drafts correct it
# A tone leans toward the forms that suit it; every tone can still get every form.
TONE_BIAS = {
    "true-crime": {"report": 3.0},
    "psychological": {"second": 2.0, "diary": 2.0},
    "paranormal": {"voicemail": 2.0},
    "folk": {"countdown": 2.0},
    "slasher": {"dialogue": 2.0},
    "cosmic": {"diary": 2.0},
    "creature": {"countdown": 2.0, "report": 1.5},
}


def stable_seed(*parts: object) -> int:
    """A seed that is the same on every machine and run (unlike hash() on str)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def planned_words(duration_s: float) -> float:
    """Words whose speech by the offline voice leaves room for the pauses between scenes."""
    return duration_s * SPEECH_SHARE * VOICE_WPM / 60.0


def choose_structure(tone: str, rng: random.Random) -> str:
    bias = TONE_BIAS.get(tone, {})
    weights = [bias.get(s, 1.0) for s in plan.STRUCTURES]
    return rng.choices(plan.STRUCTURES, weights)[0]


class OfflineWriter:
    name = "offline"

    async def write(self, spec: JobSpec, *, feedback: list[str], round_: int) -> Story:
        return self.compose(spec, feedback=feedback, round_=round_)

    def compose(self, spec: JobSpec, *, feedback: Sequence[str] = (), round_: int = 0) -> Story:
        """The story itself; synchronous because it takes a few milliseconds."""
        base = spec.seed if spec.seed is not None else secrets.randbelow(2**32)
        # A rejected draft must not come back unchanged: the round and feedback reseed it.
        seed = stable_seed(
            base, spec.topic, spec.tone, spec.duration_s, spec.scenes, round_, *sorted(feedback)
        )
        scenes = spec.scenes or auto_scene_count(spec.duration_s)
        # a faster pace (tts stretches the voice) speaks more words in the same time
        pace = spec.pace or 1.0
        budget = planned_words(spec.duration_s) * pace
        speech_s = spec.duration_s * SPEECH_SHARE * pace  # as the voice reads at its own pace
        sentences = max(3, round(budget / WORDS_PER_SENTENCE))
        best: tuple[int, float, Story] | None = None
        for attempt in range(ATTEMPTS):
            story = self._draft(spec, stable_seed(seed, attempt), sentences, scenes, budget)
            story = story.model_copy(update={"seed": base})
            problems = len(check_quality(story, spec, WORDS_PER_MINUTE))
            said_s = sum(speech_seconds(scene.narration) for scene in story.scenes)
            miss = abs(said_s - speech_s) / speech_s
            if best is None or (problems, miss) < best[:2]:
                best = (problems, miss, story)
            if problems == 0 and miss <= AIM:
                break
            resized = round(sentences * speech_s / max(said_s, 1.0))
            if resized == sentences:
                resized += 1 if said_s < speech_s else -1
            sentences = max(3, resized)
        assert best is not None
        return best[2]

    def _draft(self, spec: JobSpec, seed: int, sentences: int, scenes: int, budget: float) -> Story:
        rng = random.Random(seed)
        tone = load(spec.tone.replace("-", "_"))
        idea = premise.read(analyse(spec.topic), tone, rng)
        structure = choose_structure(spec.tone, rng)
        if structure == "report":
            idea = premise.disowned(idea)
        slots = cast.build(idea, tone, rng)
        beats = plan.beats(
            sentences, structure, role=bool(idea.role_a), echo=bool(idea.echo), deed=bool(idea.deed)
        )
        lines = Teller(structure, slots, rng, budget / sentences).tell(beats)
        if structure == "second":
            lines = [Line(line.beat, second_person(line.text), line.focus) for line in lines]
        groups = layout.split(layout.clauses(lines, scenes), scenes)
        shown: dict[str, int] = {}
        built = [layout.scene(i, g, slots, spec.style, rng, shown) for i, g in enumerate(groups)]
        title = layout.title(slots, rng, about_place=idea.about_place)
        if structure == "second":
            title = layout.title_case(second_person(title))
        return Story(title=title, hook=lines[0].text, scenes=built, language="en")
