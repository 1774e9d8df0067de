"""RulePolicy against labelled horror snippets: block what must go, leave horror alone."""

import json
from pathlib import Path

import pytest

from shared.messages.story import Scene, Story
from shared.safety.rules import RulePolicy, check_text

LABELS = json.loads((Path(__file__).parent / "moderation_labels.json").read_text())
BENIGN: list[str] = LABELS["benign"]
BLOCK: list[dict[str, str]] = LABELS["block"]


def _story_around(text: str) -> Story:
    """The snippet as the middle scene of an otherwise harmless story."""
    scenes = [
        Scene(index=0, narration="The house was quiet when I moved in.", image_prompt="a house"),
        Scene(index=1, narration=text, image_prompt="a dark hallway at night"),
        Scene(index=2, narration="I still hear it sometimes.", image_prompt="an empty bedroom"),
    ]
    return Story(title="The House", hook="The house was quiet when I moved in.", scenes=scenes)


def test_labelled_sets_are_big_enough():
    assert len(BENIGN) >= 40
    assert len(BLOCK) >= 40


@pytest.mark.parametrize("via", ["topic", "story"])
async def test_precision_and_recall_on_the_labelled_sets(via):
    policy = RulePolicy()

    async def flagged(text: str) -> list[str]:
        found = (
            policy.check_text(text) if via == "topic" else await policy.check(_story_around(text))
        )
        return [f.category for f in found]

    true_pos = [b for b in BLOCK if await flagged(b["text"])]
    false_pos = [t for t in BENIGN if await flagged(t)]
    renamed = {"self-harm-instructions": "self-harm"}  # the rules still call lingering gore gore
    right_category = [
        b for b in true_pos if renamed.get(b["category"], b["category"]) in await flagged(b["text"])
    ]
    recall = len(true_pos) / len(BLOCK)
    precision = len(true_pos) / max(1, len(true_pos) + len(false_pos))
    print(
        f"\n[{via}] precision={precision:.3f} recall={recall:.3f} "
        f"false-positive rate={len(false_pos) / len(BENIGN):.3f} "
        f"category accuracy={len(right_category) / max(1, len(true_pos)):.3f}"
    )
    assert recall >= 0.95, [b["text"] for b in BLOCK if b not in true_pos]
    assert len(false_pos) / len(BENIGN) <= 0.05, false_pos
    assert len(right_category) >= 0.9 * len(true_pos)


async def test_findings_name_category_scene_and_phrase():
    story = _story_around("the ghost whispered that you should kill yourself tonight")
    findings = await RulePolicy().check(story)
    assert [(f.category, f.scene, f.policy) for f in findings] == [("self-harm", 1, "rules")]
    assert "kill yourself" in findings[0].phrase


async def test_title_hook_and_image_prompts_are_checked_too():
    story = _story_around("nothing to see here")
    story = story.model_copy(
        update={
            "title": "Kill the President",
            "scenes": [
                story.scenes[0],
                story.scenes[1].model_copy(
                    update={"image_prompt": "a corpse with its entrails spilling out"}
                ),
                story.scenes[2],
            ],
        }
    )
    found = {(f.category, f.scene) for f in await RulePolicy().check(story)}
    assert ("real-person", None) in found
    assert ("gore", 1) in found


def test_check_text_reports_a_forbidden_topic_without_a_scene():
    (finding,) = check_text("a story where we kill the president")
    assert finding.category == "real-person" and finding.scene is None


@pytest.mark.parametrize(
    "text",
    [
        "the child's laughter echoed",
        "blood on the floor",
        "he killed the lights",
        "a ghost girl",
        "the killer came back every summer",
    ],
)
def test_ordinary_horror_passes(text):
    assert check_text(text) == []


def test_gore_level_is_configurable():
    text = "the creature disemboweled him and left the corpse in the snow"
    assert {f.category for f in RulePolicy().check_text(text)} == {"gore"}
    assert RulePolicy(gore_level="extreme").check_text(text) == []
    mild = {f.phrase for f in RulePolicy(gore_level="mild").check_text(text)}
    assert {"disemboweled", "corpse"} <= mild
    with pytest.raises(ValueError, match="gore_level"):
        RulePolicy(gore_level="splatter")


def test_rules_come_from_a_data_file(tmp_path):
    rules = {
        "categories": {
            "spoilers": {
                "patterns": ["the butler did it"],
                "near": [{"a": ["snape"], "b": ["kills?"], "window": 2}],
            }
        },
        "gore": {"levels": ["none"], "default": "none", "terms": {"none": []}},
    }
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(rules))
    policy = RulePolicy(path)
    assert [f.category for f in policy.check_text("Of course the Butler did it.")] == ["spoilers"]
    assert policy.check_text("Snape finally kills him") != []
    assert policy.check_text("Snape, after a long and dull week, kills time") == []


def test_a_together_rule_needs_every_group_somewhere_in_the_passage():
    rules = {
        "categories": {
            "doxxing": {"together": [{"all": [["go find (?:him|her)"], ["works at \\w+"]]}]}
        }
    }
    policy = RulePolicy(rules)
    spread = "Tom works at Hallow Mart. He leaves late. Go find him."
    assert [(f.category, f.phrase) for f in policy.check_text(spread)] == [
        ("doxxing", "go find him … works at hallow")
    ]
    assert policy.check_text("Tom works at Hallow Mart. He leaves late.") == []
    assert policy.check_text("Go find him before the tide comes in.") == []


def test_holdout_numbers_are_reported_and_do_not_regress():
    """The holdout was never used for tuning: it shows what rules alone miss (new phrasing)."""
    holdout = LABELS["holdout"]
    blocked = [b for b in holdout["block"] if check_text(b["text"])]
    flagged = [t for t in holdout["benign"] if check_text(t)]
    recall = len(blocked) / len(holdout["block"])
    precision = len(blocked) / max(1, len(blocked) + len(flagged))
    print(
        f"\n[holdout] precision={precision:.3f} recall={recall:.3f} "
        f"false-positive rate={len(flagged) / len(holdout['benign']):.3f}"
    )
    assert recall >= 0.5
    assert len(flagged) / len(holdout["benign"]) <= 0.1


@pytest.mark.parametrize(
    "text", ["we watched a Keanu Reeves movie until the lights went out", "Stephen King once wrote"]
)
def test_a_living_person_merely_mentioned_passes(text):
    assert [f for f in check_text(text) if f.category == "real-person"] == []


def test_a_living_person_next_to_harm_is_refused(tmp_path):
    assert {f.category for f in check_text("Keanu Reeves was murdered in his kitchen")} == {
        "real-person"
    }
    names = tmp_path / "names.txt"
    names.write_text("# our viewers\nDana Whitlock\n")
    policy = RulePolicy(names_file=names)
    assert policy.check_text("Dana Whitlock lives near the lake") == []
    (found,) = policy.check_text("we followed Dana Whitlock and strangled her at the lake")
    assert found.category == "real-person" and "dana whitlock" in found.phrase
