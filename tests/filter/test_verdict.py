"""The combining rule: any judge refuses; one finding per passage and category."""

from shared.safety.policy import Finding
from shared.safety.verdict import combine


def test_one_refusing_judge_refuses_the_text() -> None:
    verdict = combine([Finding("hate", 2, "they are vermin", "offline", 0.7)])
    assert verdict.refused and verdict.categories == ["hate"]
    assert not combine([]).refused


def test_judges_agreeing_on_a_passage_give_one_finding_naming_both_with_the_top_score() -> None:
    verdict = combine(
        [
            Finding("self-harm", 1, "the bridge is high enough", "offline", 0.61),
            Finding("self-harm", 1, "the bridge is high enough", "openai-moderation", 0.93),
            Finding("self-harm", 1, "the bridge is high enough", "rules"),
            Finding("torture", 1, "the bridge is high enough", "llm:openai:m"),
        ]
    )
    merged, other = verdict.findings
    assert merged.policy == "offline + openai-moderation + rules"
    assert merged.score == 0.93
    assert other.category == "torture"
    assert verdict.reasons()[0] == (
        "self-harm in scene 1: 'the bridge is high enough' (offline + openai-moderation + rules)"
    )


def test_the_same_phrase_in_two_scenes_stays_two_findings() -> None:
    verdict = combine([Finding("hate", 1, "p", "rules"), Finding("hate", 2, "p", "rules")])
    assert [f.scene for f in verdict.findings] == [1, 2]
