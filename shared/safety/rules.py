"""RulePolicy: block lists and context patterns for what must never be published.

Categories (docs/safety.md): sexual content involving minors, real people harmed or
threatened, self-harm instructions or encouragement, hate, and gore beyond a configurable level
(an operator's choice outside the taxonomy). Ordinary horror (a ghost girl, blood on the floor,
"he killed the lights") passes, and so does a living person merely named ("a Keanu Reeves
movie"): a listed name is a finding only next to a word of harm in the same sentence.
"""

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from shared.messages.story import Story
from shared.safety import names
from shared.safety.matching import Near, RuleSet, alternation, normalise
from shared.safety.policy import Finding
from shared.safety.sections import Section, story_sections

NAMES_WINDOW = 8  # words between a living person's name and a word of harm


def _packaged_rules() -> dict[str, Any]:
    rules: dict[str, Any] = json.loads(
        resources.files(__package__).joinpath("rules.json").read_text("utf-8")
    )
    return rules


class RulePolicy:
    name = "rules"

    def __init__(
        self,
        rules: Path | dict[str, Any] | None = None,
        *,
        gore_level: str | None = None,
        names_file: Path | None = None,
        real_names: list[str] | None = None,
    ) -> None:
        """rules: a JSON file or its parsed content (default: the packaged rules.json).
        gore_level: the most graphic level allowed ("none", "mild", "moderate", "extreme").
        names_file: more names of real people, added to the packaged list; real_names
        replaces both (tests)."""
        data = (
            _packaged_rules()
            if rules is None
            else rules
            if isinstance(rules, dict)
            else json.loads(Path(rules).read_text("utf-8"))
        )
        self.sets = [RuleSet.from_data(c, d) for c, d in data.get("categories", {}).items()]
        gore = data.get("gore", {"levels": ["none"], "default": "none", "terms": {}})
        levels: list[str] = gore["levels"]
        allowed = gore_level or gore["default"]
        if allowed not in levels:
            raise ValueError(f"gore_level must be one of {levels}, got {allowed!r}")
        # Only the levels above the allowed one are findings.
        too_graphic = [t for lvl in levels[levels.index(allowed) + 1 :] for t in gore["terms"][lvl]]
        self.gore = alternation(too_graphic) if too_graphic else None
        people = names.pattern(real_names if real_names is not None else names.load(names_file))
        harm = data.get("names_harm")
        # A name alone is no harm ("a Keanu Reeves movie"); a name near a harm word is.
        self.real_people = (
            Near(people, alternation(harm), NAMES_WINDOW) if people and harm else None
        )

    def scan(self, text: str, scene: int | None = None) -> list[Finding]:
        clean = normalise(text)
        findings = [
            Finding(rule_set.category, scene, phrase, self.name)
            for rule_set in self.sets
            for phrase in rule_set.find(clean)
        ]
        if self.gore is not None:
            findings += [
                Finding("gore", scene, m.group(0), self.name) for m in self.gore.finditer(clean)
            ]
        if self.real_people is not None:
            findings += [
                Finding("real-person", scene, phrase, self.name)
                for phrase in self.real_people.find(clean)
            ]
        return list(dict.fromkeys(findings))  # same phrase twice in one place: report once

    def check_text(self, text: str) -> list[Finding]:
        """Findings for a bare text such as a job's topic (reported without a scene)."""
        return self.scan(text)

    async def judge_sections(self, sections: list[Section]) -> list[Finding]:
        return list(dict.fromkeys(f for s in sections for f in self.scan(s.text, s.scene)))

    async def check(self, story: Story) -> list[Finding]:
        return await self.judge_sections(story_sections(story))


@cache
def default_policy() -> RulePolicy:
    return RulePolicy()


def check_text(text: str) -> list[Finding]:
    """Findings for a topic with the packaged rules; the gateway refuses a topic with any."""
    return default_policy().check_text(text)
