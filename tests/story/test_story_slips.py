"""The slips checker (services/story/engine/slips.py): each rule catches what it is for and
leaves good English alone, and the offline writer's stories give it nothing to catch.

topics.json × seeds 1-3 is checked in test_offline_story_craft.py (its corpus is built once);
here topics_more.json × seeds 1-3: settings the first list lacks (ship, ward, mine, bus, ...).
Reproduce the counts: `python -m bench.story_slips`.
"""

import json
from pathlib import Path
from typing import get_args

import pytest

from services.story.engine.slips import sentence_slips, slips, story_slips
from services.story.engine.writer import OfflineWriter
from shared.messages.job import JobSpec, Tone

TONES = get_args(Tone)
MORE: list[str] = json.loads((Path(__file__).parent / "topics_more.json").read_text())

# (sentence, the rule's name begins with) — each seen in a story the writer once wrote
BAD = [
    ("My coworker Eli signed on as at the Cedar Inn in March.", "missing noun after 'as'"),
    ("I found a the key by the stairs.", "doubled article"),
    ("Then the the knocking stopped.", "doubled article"),
    ("I first found the itself sitting by the window.", "article without a noun"),
    ("The rumour went that the 9 never checks out.", "article without a noun"),
    ("I found a old photograph.", "a/an before the wrong sound"),
    ("It took three days on the ship to understand why.", "missing object"),
    ("Around 4:04, the driver made itself known, standing by the gate.", "'itself' for a person"),
    ("The first time I saw the nurse, it was waiting by the bed.", "'it' for a person"),
    ("Then, the man in the raincoat tilted its head.", "'its' for a person"),
    ("Someone stands by the closet, and it has my face.", "'it' for a person (someone)"),
    ("At 3:17 the skinwalkers made itself known.", "'itself' for a plural"),
    ("I moved into {place} in March.", "template text left in"),
    ("I took a job at  the mall .", "empty slot"),
    ("The knocking came back came back, louder.", "repeated word"),
    ("I found the doll at the foot of the back door.", "'at the foot of' + 'back door'"),
    ("The whistling was coming out of the footpath.", "'out of' + 'footpath'"),
    ("The smell got worse, as if something had opened under the hallway.", "'under' + 'hallway'"),
    ("I moved out of the mountain after five days.", "'moved out of' + 'mountain'"),
    ("I drove away from the ship before sunrise.", "'drove away from' + 'ship'"),
    ("In December I took the winter as a lifeguard in the lake.", "'in' + water"),
    ("Then the knocking, closer than before, by the gate.", "no verb"),
    ("This morning the church bells was knocking in my hallway.", "plural 'bells' with 'was'"),
    ('"Why do the music know your name?"', "'do' with singular 'music'"),
]
GOOD = [
    "My coworker Eli signed on as a lighthouse keeper at the lighthouse in March.",
    "The first time I saw the nurse, she was waiting by the bed, and I told myself it was "
    "just a shadow.",
    "Then, the man in the raincoat tilted his head exactly the way I tilt mine.",
    "After that, the doll was warm in my hands, as if someone had just put it down.",
    "In the old photo of the ward, taken in 1971, someone stands by the window, and the "
    "figure has my face.",
    "The cold got worse whenever the footsteps came near, as if something was breathing "
    "somewhere near the stairs.",
    "I moved out of the house after five days, and the knocking already knows my address.",
    "I left the mountain at dawn, but last night the climber was waiting in my own hallway.",
    "Looking back, it began with my roommate, but I didn't see it then.",
    "The footsteps announced themselves, coming from the direction of the gate.",
    "It took me four days at the mall to understand why the music was never just a sound.",
    "Near the stairs I found a hand-drawn map, wedged out of sight.",
]


@pytest.mark.parametrize(("sentence", "rule"), BAD)
def test_each_rule_catches_the_slip_it_is_for(sentence: str, rule: str) -> None:
    found = [s.rule for s in sentence_slips(sentence)]
    assert any(r.startswith(rule) for r in found), (sentence, found)


@pytest.mark.parametrize("sentence", GOOD)
def test_good_sentences_are_left_alone(sentence: str) -> None:
    assert sentence_slips(sentence) == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ('"Tell me you hear that, Milo whispered.', "unbalanced quotes"),
        ("The knocking stopped. then it came back.", "small letter after a full stop"),
        ("Dana laughed at me. My sister Dana came to stay.", "Dana named before being"),
        ("The key was cold. Near the gate I found a brass key.", "the key before it is found"),
        (
            "I took the night train. The fireplace on the train was cold. The train stopped.",
            "fireplace at a train",
        ),
        ("On the first Friday I heard it. By the first Friday it was back.", "'by' a night"),
        ("I went to New Mexico. It began with the new mexico.", "name written in small letters"),
    ],
)
def test_story_rules_catch_what_only_the_whole_story_shows(text: str, rule: str) -> None:
    found = [s.rule for s in story_slips(text)]
    assert any(r.startswith(rule) for r in found), (text, found)


def test_a_story_with_dialogue_and_a_report_is_not_flagged() -> None:
    text = (
        "Case 12-345, Ashgrove: at 3:17 a caller described the knocking at the mall. The "
        'statement below was taken from Rosa, the caller, in her own words. "Who are you '
        'talking to?" asked my sister Dana from the doorway, and the Dana beside me kept '
        "smiling. Near the stairs I found a brass key. The key had my initials on it."
    )
    assert slips(text) == []


@pytest.fixture(scope="module")
def more() -> list[tuple[JobSpec, str]]:
    writer = OfflineWriter()
    specs = [
        JobSpec(topic=t, tone=TONES[i % len(TONES)], seed=seed)
        for i, t in enumerate(MORE)
        for seed in (1, 2, 3)
    ]
    return [(spec, writer.compose(spec).text) for spec in specs]


def test_the_writers_stories_in_other_settings_have_no_slips(more) -> None:
    assert len(MORE) >= 30
    found = [f"{spec.topic} / {spec.seed}: {slip}" for spec, text in more for slip in slips(text)]
    assert found == []
