"""The offline filter as the stage builds it (rules + semantic) on the held-out labelled set.

labels_holdout.json (the seventh held-out set, 100 + 100) was written blind, after the sixth
training round, by an author who never saw the filter's code or data, and was never used for
training or tuning; these numbers are the estimate reported in docs/story.md.
"""

import asyncio
import json
from pathlib import Path

import pytest

from services.filter.bootstrap import make_policies
from services.filter.engine import semantic
from services.filter.engine.semantic import SemanticPolicy
from services.filter.settings import ModerationSettings
from shared.safety.policy import Policy
from shared.safety.rules import RulePolicy
from tests.filter.test_semantic_policy import story_with

HERE = Path(__file__).parent
HOLDOUT = json.loads((HERE / "labels_holdout.json").read_text())
# The issue's targets. Measured 0.95 (95/100) and 0.04 (4/100): recall sits on the target,
# and the closest story scores 0.005 above the threshold, while BLAS builds differ by ~1e-5.
MIN_RECALL, MAX_FALSE_POSITIVE_RATE = 0.95, 0.05


async def blocked(policies: list[Policy], text: str) -> list[str]:
    found = []
    for policy in policies:
        found += [f.category for f in await policy.check(story_with(text))]
    return found


async def measure(policies: list[Policy]) -> dict[str, object]:
    block = [(b, await blocked(policies, b["text"])) for b in HOLDOUT["block"]]
    benign = [(t, await blocked(policies, t)) for t in HOLDOUT["benign"]]
    caught = [b for b, cats in block if cats]
    false = [t for t, cats in benign if cats]
    return {
        "recall": len(caught) / len(block),
        "false_positive_rate": len(false) / len(benign),
        "precision": len(caught) / max(1, len(caught) + len(false)),
        "right_category": sum(b["category"] in cats for b, cats in block if cats) / len(caught),
        "missed": [b["text"] for b, cats in block if not cats],
        "false_alarms": false,
    }


def test_the_held_out_set_is_big_enough_and_disjoint_from_training() -> None:
    assert len(HOLDOUT["block"]) >= 100 and len(HOLDOUT["benign"]) >= 100
    data = semantic.packaged_data()
    trained = {e.lower() for d in data["categories"].values() for e in d["examples"]}
    trained |= {b.lower() for b in data["benign"]}
    held = {b["text"].lower() for b in HOLDOUT["block"]} | {t.lower() for t in HOLDOUT["benign"]}
    assert not trained & held


async def test_the_stage_uses_rules_and_semantic_offline() -> None:
    policies = make_policies(ModerationSettings(openai_api_key=None, api_key=None))
    assert [p.name for p in policies] == ["rules", "semantic"]


@pytest.fixture(scope="module")
def measured() -> dict[str, dict[str, object]]:
    async def all_three() -> dict[str, dict[str, object]]:
        return {
            "combined": await measure([RulePolicy(), SemanticPolicy()]),
            "rules alone": await measure([RulePolicy()]),
            "semantic alone": await measure([SemanticPolicy()]),
        }

    return asyncio.run(all_three())  # once per module: a sync fixture, outside the test loop


def test_held_out_numbers_are_reported_and_meet_the_issue_targets(measured) -> None:
    for name, m in measured.items():
        print(
            f"\n[held-out, {name}] recall={m['recall']:.3f} precision={m['precision']:.3f} "
            f"false-positive rate={m['false_positive_rate']:.3f} "
            f"right category={m['right_category']:.3f}\n  missed: {m['missed']}\n"
            f"  false alarms: {m['false_alarms']}"
        )
    combined = measured["combined"]
    assert combined["recall"] >= MIN_RECALL, combined["missed"]
    assert combined["false_positive_rate"] <= MAX_FALSE_POSITIVE_RATE, combined["false_alarms"]
    assert combined["recall"] > measured["rules alone"]["recall"] + 0.3
