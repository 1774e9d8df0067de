"""The places where a story says something: title, hook, narration sentences, image prompts.

Classifiers judge one sentence at a time, so a finding can name the scene and the phrase, and
one bad sentence is not averaged away by a harmless scene around it.
"""

import re
from dataclasses import dataclass

from shared.messages.story import Story

_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;]*")
_WORDS = re.compile(r"\w+")
_CLAUSE = re.compile(r"[^,:;—–()]+")
MIN_WORDS = 3  # "I froze." says nothing a classifier can judge, and scores noisily
PHRASE_WORDS = 5  # image-prompt phrases shorter than this ("hand over her mouth") mislead
CLAUSE_WORDS = 5  # the same floor for the clauses of a long sentence
MAX_CHARS = 400  # a run-on "sentence" is cut into pieces the model reads whole (128 tokens)


@dataclass(frozen=True)
class Passage:
    scene: int | None  # None: title or hook
    text: str


def sentences(text: str) -> list[str]:
    """Each sentence, then the clauses of those that have several: a forbidden clause inside
    a long, otherwise harmless sentence ("..., and the bridge is high enough") is diluted in
    the sentence's embedding but plain on its own."""
    whole = _sentences(text)
    clauses = [c for s in whole for c in _clauses(s)]
    return list(dict.fromkeys(whole + clauses))


def _clauses(sentence: str) -> list[str]:
    parts = [" ".join(p.split()) for p in _CLAUSE.findall(sentence)]
    if len(parts) < 2:
        return []
    return [p for p in parts if len(_WORDS.findall(p)) >= CLAUSE_WORDS]


def _sentences(text: str) -> list[str]:
    found: list[str] = []
    for match in _SENTENCE.finditer(text):
        sentence = " ".join(match.group(0).split())
        while len(sentence) > MAX_CHARS:
            cut = sentence.rfind(" ", 0, MAX_CHARS)
            cut = cut if cut > 0 else MAX_CHARS
            found.append(sentence[:cut])
            sentence = sentence[cut:].strip()
        if len(_WORDS.findall(sentence)) >= MIN_WORDS:
            found.append(sentence)
    return found


def prompt_parts(prompt: str) -> list[str]:
    """An image prompt whole, and its comma-separated phrases that are long enough to judge:
    the style phrase appended to every prompt would otherwise dilute what the picture shows."""
    parts = [" ".join(p.split()) for p in prompt.split(",")]
    long_enough = [p for p in parts if len(_WORDS.findall(p)) >= PHRASE_WORDS]
    whole = " ".join(prompt.split())
    return [whole, *[p for p in long_enough if p != whole]] if whole else []


def passages(story: Story) -> list[Passage]:
    found = [Passage(None, s) for s in sentences(story.title) + sentences(story.hook)]
    for scene in story.scenes:
        found += [Passage(scene.index, s) for s in sentences(scene.narration)]
        found += [Passage(scene.index, p) for p in prompt_parts(scene.image_prompt)]
    unique: dict[str, Passage] = {}
    for passage in found:  # the hook usually repeats scene 0's first sentence: judge it once
        unique.setdefault(passage.text, passage)
    return list(unique.values())
