"""The offline writer: on topic, to length, varied, and reproducible per seed."""

import asyncio
import itertools
import json
import re
from difflib import SequenceMatcher
from pathlib import Path
from typing import get_args

import pytest

from services.story.engine.topic import analyse
from services.story.engine.writer import OfflineWriter
from shared.messages.job import JobSpec, Tone
from shared.messages.story import Story
from shared.quality import WORDS_PER_MINUTE, check_quality, count_words
from shared.safety.rules import RulePolicy

TONES = get_args(Tone)
TOPICS: list[str] = json.loads((Path(__file__).parent / "topics.json").read_text())
DURATIONS = (60, 30, 45, 90, 120, 20, 180, 75)


def _spec(i: int, topic: str, **extra: object) -> JobSpec:
    fields: dict[str, object] = {
        "topic": topic,
        "tone": TONES[i % len(TONES)],
        "duration_s": DURATIONS[i % len(DURATIONS)],
        "scenes": (None, None, 5, None, 12)[i % 5],
        "seed": i,
    }
    return JobSpec.model_validate(fields | extra)


@pytest.fixture(scope="module")
def fifty() -> list[tuple[JobSpec, Story]]:
    writer = OfflineWriter()
    specs = [_spec(i, topic) for i, topic in enumerate(TOPICS)]
    return [(spec, writer.compose(spec)) for spec in specs]


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z']+", text.lower()))


def test_fifty_topics_give_fifty_stories_that_pass_the_quality_check(fifty):
    assert len(fifty) == 50
    for spec, story in fifty:
        assert check_quality(story, spec, WORDS_PER_MINUTE) == [], (spec.topic, story)


def test_first_sentences_are_distinct(fifty):
    firsts = {story.scenes[0].narration.split(". ")[0] for _, story in fifty}
    assert len(firsts) >= 45


@pytest.mark.slow  # compares every pair of 50 stories' scenes: ~2 minutes on 2 cores
def test_stories_share_few_scenes(fifty):
    scenes = [[_norm(s.narration) for s in story.scenes] for _, story in fifty]
    shared = total = 0
    for a, b in itertools.combinations(scenes, 2):
        for x in a:
            total += 1
            shared += any(SequenceMatcher(None, x, y).ratio() >= 0.85 for y in b)
    rate = shared / total
    print(f"cross-story near-duplicate scene rate: {rate:.2%}")
    assert rate < 0.03


def test_each_story_is_about_its_topic(fifty):
    for spec, story in fifty:
        text = _norm(" ".join([story.title, story.text]))
        topic = analyse(spec.topic)
        assert text.count(topic.anchor.head.lower()) >= 2, (spec.topic, story.text)
        if spec.duration_s < 45:
            continue  # three to six sentences carry the threat and the place; the rest needs room
        words = [w for w in topic.content if len(w) > 2]
        present = [w for w in words if w.lower() in text]
        assert len(present) >= 0.6 * len(words), (spec.topic, words, present)


def test_the_topic_is_re_expressed_never_pasted_whole(fifty):
    for spec, story in fifty:
        # a clause ("a keeper hears knocking") pasted in is the old stitching; a noun phrase
        # ("the painting in the hotel hallway") is how its threat and place are named
        if analyse(spec.topic).clause:
            assert _norm(spec.topic) not in _norm(story.text), (spec.topic, story.text)


def test_hook_title_scenes_and_prompts_are_filled(fifty):
    for spec, story in fifty:
        assert story.title and story.hook
        assert story.text.startswith(story.hook)
        for scene in story.scenes:
            assert scene.mood.isalpha()
            assert scene.image_prompt.endswith(spec.style)
            assert count_words(scene.image_prompt) > count_words(spec.style) + 2


def test_generated_stories_pass_the_rule_policy(fifty):
    policy = RulePolicy()
    for _, story in fifty:
        assert asyncio.run(policy.check(story)) == []


def test_second_person_stories_never_slip_into_first_person(fifty):
    second = [s for _, s in fifty if re.match(r"(You|Your)\b", s.hook) or " you " in s.hook]
    narrated_as_you = [s for s in second if not re.search(r"\bI\b", s.text)]
    assert narrated_as_you, "expected some second-person stories among fifty"
    for story in narrated_as_you:
        assert not re.search(r"\b(I|me|my|I'm|I've|I'd)\b", story.text), story.text


def test_same_spec_and_seed_give_the_identical_story():
    spec = JobSpec(topic="a lighthouse keeper hears knocking from below", seed=7)
    assert OfflineWriter().compose(spec) == OfflineWriter().compose(spec)


def test_no_seed_draws_a_fresh_one_each_run_and_records_it():
    spec = JobSpec(topic="the abandoned mall at 3am")
    writer = OfflineWriter()
    stories = [writer.compose(spec) for _ in range(4)]
    assert len({s.text for s in stories}) == 4
    for story in stories:
        assert story.seed is not None
        again = writer.compose(spec.model_copy(update={"seed": story.seed}))
        assert again == story  # the recorded seed repeats the run exactly


def _overlap(a: Story, b: Story) -> float:
    return SequenceMatcher(None, _norm(a.text), _norm(b.text)).ratio()


def test_a_different_seed_or_topic_gives_clearly_different_text():
    writer = OfflineWriter()
    base = JobSpec(topic="a scarecrow that moves", tone="folk", seed=1)
    other_seed = writer.compose(base.model_copy(update={"seed": 2}))
    other_topic = writer.compose(base.model_copy(update={"topic": "a haunted doll"}))
    story = writer.compose(base)
    assert _overlap(story, other_seed) < 0.6
    assert _overlap(story, other_topic) < 0.6


async def test_feedback_from_a_rejected_draft_changes_the_next_draft():
    writer = OfflineWriter()
    spec = JobSpec(topic="voicemail from my dead brother", tone="psychological", seed=3)
    first = await writer.write(spec, feedback=[], round_=0)
    second = await writer.write(spec, feedback=["gore in scene 2: 'entrails'"], round_=1)
    assert first != second
    assert _overlap(first, second) < 0.8


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize(
    ("duration", "scenes"),
    [(20, None), (20, 15), (60, 3), (90, None), (180, 3), (180, 15), (180, None), (45, 9)],
)
def test_length_and_scene_count_hold_at_the_edges(tone, duration, scenes):
    spec = JobSpec(
        topic="the well behind my grandfather's farm",
        tone=tone,
        duration_s=duration,
        scenes=scenes,
        seed=11,
    )
    story = OfflineWriter().compose(spec)
    words = count_words(story.text)
    seconds = words * 60 / WORDS_PER_MINUTE
    assert abs(seconds - duration) <= 0.15 * duration
    assert len(story.scenes) == (scenes or max(3, min(15, round(duration / 8))))
    assert check_quality(story, spec, WORDS_PER_MINUTE) == []


def test_scenes_hold_one_to_three_sentences_at_normal_pacing(fifty):
    for _, story in fifty:
        if count_words(story.text) / len(story.scenes) > 40:
            continue  # very long scenes (few scenes, long video) need more sentences
        for scene in story.scenes:
            # a line of dialogue with its "she asked" is one sentence
            unquoted = re.sub(r'"[^"]*"', "Q", scene.narration)
            sentences = re.findall(r"[^.!?]+[.!?]", unquoted)
            # a story with fewer sentences than scenes breaks a sentence at a clause
            assert len(sentences) <= 3 and count_words(scene.narration) >= 2, scene.narration


def test_a_plural_threat_takes_plural_verbs():
    story = OfflineWriter().compose(JobSpec(topic="the crows that follow my daughter home", seed=4))
    assert not re.search(r"\bcrows (was|is|has)\b", story.text), story.text


@pytest.mark.parametrize(
    "topic",
    [
        "survivor's guilt after a brother's suicide, the house creaks like he's home",
        "Quero uma história sobre uma súcubo no folclore medieval, how the monks believed she "
        "came at night to steal their souls, mas sem cenas de sexo, só o medo e a lenda.",
    ],
)
def test_a_topic_whose_threat_reads_as_a_short_word_still_makes_a_story(topic: str) -> None:
    # these crashed the writer: a threat read as "he" ruled out every setting part with "the"
    spec = JobSpec(topic=topic, seed=2001)
    assert check_quality(OfflineWriter().compose(spec), spec, WORDS_PER_MINUTE) == []
