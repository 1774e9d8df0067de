"""The shape a hosted model fills in, and its conversion into the pipeline's Story.

Models are asked for less than a Story holds: scene indexes, the language tag and the film's
style are facts the pipeline already knows, and a model that restates them can only get them
wrong. Every field is required and unconstrained, so the schema is accepted by OpenAI's strict
structured outputs, by Anthropic tool input and by OpenAI-compatible local servers alike.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shared.messages.job import JobSpec
from shared.messages.story import Scene, Story


class SceneDraft(BaseModel):
    model_config = ConfigDict(extra="ignore")

    narration: str = Field(description="What the narrator says during this scene.")
    image_prompt: str = Field(
        description="What the picture for this scene shows, in English, without style words."
    )
    mood: str = Field(description="One lowercase English word, e.g. dread, unease, panic.")


class StoryDraft(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str = Field(description="A short title, at most eight words.")
    hook: str = Field(description="The first sentence of the first scene, repeated exactly.")
    scenes: list[SceneDraft] = Field(description="The scenes in the order they are narrated.")

    def to_story(self, spec: JobSpec) -> Story:
        style = spec.style.strip()
        scenes = [
            Scene(
                index=i,
                narration=" ".join(s.narration.split()),
                image_prompt=", ".join(p for p in (s.image_prompt.strip(" ,.\n"), style) if p),
                mood=(s.mood.strip().lower().split() or ["dread"])[0],
            )
            for i, s in enumerate(self.scenes)
        ]
        return Story(
            title=" ".join(self.title.split()),
            hook=" ".join(self.hook.split()),
            scenes=scenes,
            language=spec.language,
        )


def inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with $refs replaced by their definitions: tool schemas are
    read by more servers when they are self-contained."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(defs[node["$ref"].rsplit("/", 1)[-1]])
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved


def validation_summary(error: ValidationError) -> str:
    """The first thing wrong with a model's answer, short enough for feedback and logs."""
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "the answer"
    return f"{where}: {first['msg']}"
