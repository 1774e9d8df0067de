"""Prompts for the hosted writers, rendered from versioned templates in services/story/prompts.

A template file is never edited once released: a changed prompt is a new version
(system.v2.txt ...), chosen with GRIMREEL_STORY_PROMPT_VERSION, so a story can always be traced
to the words that asked for it.
"""

from dataclasses import dataclass
from functools import cache
from importlib import resources
from string import Template

from shared.messages.job import JobSpec
from shared.quality import auto_scene_count, target_words

PACKAGE = "services.story.prompts"
LENGTH_SLACK = 0.10  # asked-for range; the quality check allows 15%, models drift a little
MAX_FEEDBACK = 12  # a draft with more problems than this needs a rewrite, not a list

# Names a model understands better than a bare tag; other tags are passed through as they are.
LANGUAGES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "pt-BR": "Brazilian Portuguese", "nl": "Dutch", "pl": "Polish",
    "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish", "cs": "Czech",
    "tr": "Turkish", "ru": "Russian", "uk": "Ukrainian", "ja": "Japanese", "ko": "Korean",
    "zh": "Chinese", "hi": "Hindi", "id": "Indonesian", "ro": "Romanian", "el": "Greek",
}  # fmt: skip


@dataclass(frozen=True)
class Prompt:
    system: str
    user: str
    version: str


@cache
def template(name: str, version: str) -> Template:
    try:
        text = resources.files(PACKAGE).joinpath(f"{name}.{version}.txt").read_text("utf-8")
    except FileNotFoundError:
        raise ValueError(f"no prompt template {name}.{version}.txt in {PACKAGE}") from None
    return Template(text)


def language_name(tag: str) -> str:
    name = LANGUAGES.get(tag) or LANGUAGES.get(tag.split("-")[0])
    return f"{name} ({tag})" if name else f"the language with the tag {tag!r}"


def render(spec: JobSpec, feedback: list[str], *, version: str = "v1", wpm: float) -> Prompt:
    """The system and user messages for spec; feedback lists what the last draft got wrong."""
    words = target_words(spec.duration_s, wpm)
    scenes = spec.scenes or auto_scene_count(spec.duration_s)
    extra = ""
    if feedback:
        problems = "\n".join(f"- {line}" for line in feedback[:MAX_FEEDBACK])
        extra = template("feedback", version).substitute(problems=problems)
    user = template("user", version).substitute(
        topic=spec.topic.strip(),
        tone=spec.tone.replace("-", " "),
        language_name=language_name(spec.language),
        target_words=round(words),
        min_words=round(words * (1 - LENGTH_SLACK)),
        max_words=round(words * (1 + LENGTH_SLACK)),
        duration_s=spec.duration_s,
        wpm=round(wpm),
        scenes=scenes,
        words_per_scene=round(words / scenes),
        style=spec.style.strip(),
        feedback=extra,
    )
    system = template("system", version).substitute()
    return Prompt(system=system.strip(), user=user.strip(), version=version)
