"""Reading image prompts into shots: the subject named, the backdrop that fits, the framings."""

import pytest

from services.visual.engine.catalog import SUBJECTS
from services.visual.engine.reading import read, subject_of
from services.visual.engine.shots import FRAMINGS, plan, shot_for

FALLBACK = SUBJECTS["fog"]
SUFFIX = ", a lighthouse, cold moonlight through dusty windows, candle glow, grainy 35mm film"


@pytest.mark.parametrize(
    ("prompt", "subject"),
    [
        ("a baby monitor crackling on a dresser", "baby_monitor"),
        ("a child's shoe under lifted floorboards", "childs_shoe"),
        ("the space under a bed, darkness beneath", "under_bed"),
        ("an empty security desk with four monitors", "security_desk"),
        ("a parish register open at a page of names", "parish_register"),
        ("a person in bed wearing headphones, eyes open", "bed"),  # a thing beats "a person"
        ("a woman beckoning from the end of a road", "road"),
        ("a stone well in a clearing", "well"),
        ("a doll on a table", "doll"),
        ("someone standing in the fog", "fog"),
    ],
)
def test_the_first_clause_names_the_subject(prompt: str, subject: str) -> None:
    found, named = subject_of(prompt + SUFFIX)
    assert found is not None and (found.name, named) == (subject, True)


def test_words_after_the_first_clause_are_only_context() -> None:
    found, named = subject_of("nothing at all" + SUFFIX)
    assert found is not None and named is False  # "lighthouse" came from the setting
    r = read("a whisper nobody made", FALLBACK)
    assert r.subject is FALLBACK and r.named is False


def test_the_setting_is_used_only_where_it_fits() -> None:
    # a shoe is not put on a beach because the story's setting is a lighthouse
    assert read("a child's shoe under lifted floorboards" + SUFFIX, FALLBACK).backdrop == "room"
    assert read("a child's shoe in the forest" + SUFFIX, FALLBACK).backdrop == "woods"
    assert read("a crow on a fence" + ", an overgrown churchyard", FALLBACK).backdrop == "graves"


def test_a_subject_seen_twice_in_a_job_gets_another_framing() -> None:
    prompts = ["a doll on a table", "a doll in the attic window", "a doll on a doorstep"] * 2
    for seed in range(6):
        shots = plan(prompts, seed)
        pairs = [(s.reading.subject.name, s.framing) for s in shots]
        assert len(set(pairs)) == len(pairs)


def test_each_worker_computes_the_same_shot_as_the_whole_plan() -> None:
    prompts = [f"a {n.replace('_', ' ')} in the dark" for n in ("doll", "crow", "doll", "well")]
    whole = plan(prompts, 42)
    assert [shot_for(p, i, prompts, 42) for i, p in enumerate(prompts)] == whole


def test_without_the_story_the_index_still_rotates_the_framing() -> None:
    framings = {shot_for("a doll on a table", i, [], 3).framing for i in range(len(FRAMINGS))}
    assert framings == set(FRAMINGS)
