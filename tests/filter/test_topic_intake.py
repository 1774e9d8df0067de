"""Topics judged at intake: the rules and the offline judge together, except that one-to-three
word titles, where the judge has no context, are left to the rules (and the story to the
filter stage)."""

import pytest

from shared.safety.intake import MIN_WORDS, judge_topic

pytestmark = pytest.mark.slow  # loads the MiniLM model


@pytest.mark.parametrize("title", ["the surgery", "the procedure", "the process", "night shift"])
def test_staple_short_titles_are_not_refused(title: str) -> None:
    assert len(title.split()) < MIN_WORDS
    assert judge_topic(title) == []


def test_a_short_title_the_rules_know_is_still_refused() -> None:
    (finding,) = judge_topic("sexual stories about children")
    assert finding.category == "minors"


def test_a_request_long_enough_to_read_is_judged_by_the_offline_judge() -> None:
    findings = judge_topic("slow skinning asmr horror")
    assert [f.category for f in findings] == ["torture"]
    assert "offline" in findings[0].policy
