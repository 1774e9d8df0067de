"""What the LLM judge answers: one verdict per category with the passage it quotes.

The same schema is OpenAI's strict structured output and Anthropic's tool input, so one
parser reads both. Quoted passages are found again in the story's sections, so a finding
names its scene as the offline judges' findings do.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict

from shared.safety.policy import Finding
from shared.safety.sections import Section

# shared.safety.taxonomy.CATEGORIES spelled as a type (a test keeps the two equal)
Category = Literal[
    "minors", "sexual", "real-person", "self-harm", "hate", "violence-instructions", "torture"
]


class CategoryVerdict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: Category
    refused: bool
    passage: str  # verbatim; "" when not refused


class JudgeVerdict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verdicts: list[CategoryVerdict]


def schema() -> dict[str, object]:
    """JudgeVerdict's JSON schema with the nested model inlined (Anthropic tool input)."""
    inner = CategoryVerdict.model_json_schema()
    return {
        "type": "object",
        "properties": {"verdicts": {"type": "array", "items": inner}},
        "required": ["verdicts"],
        "additionalProperties": False,
    }


def render(sections: list[Section]) -> str:
    lines = []
    for s in sections:
        where = "title/hook/topic" if s.scene is None else f"scene {s.scene}"
        lines.append(f"[{where}] {s.text}")
    return "Judge this text:\n\n" + "\n".join(lines)


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


def findings(verdict: JudgeVerdict, sections: list[Section], judge: str) -> list[Finding]:
    out = []
    for v in verdict.verdicts:
        if not v.refused:
            continue
        quote = _squash(v.passage)
        scene = next((s.scene for s in sections if quote and quote in _squash(s.text)), None)
        out.append(Finding(v.category, scene, v.passage or "(the whole text)", judge))
    return out
