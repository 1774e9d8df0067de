"""Expanding one grammar template: alternations, slots, first mentions, articles and capitals.

A template is text with `(a|b|c)` alternations (nested freely) and `{slot}` references; a
slot's value may itself be a template, so a verb phrase for "the knocking" and one for "the
doll" can differ while the sentence around them is shared. Variety comes from the product of
the alternations and the story's own nouns, not from a longer list of stock sentences.
"""

import random
import re
from dataclasses import dataclass, field

_SLOT = re.compile(r"\{([A-Za-z_0-9]+)\}")
_ARTICLE = re.compile(r"\b([Aa]) (?=[aeioAEIO]|hour\b|honest)")
_SPACES = re.compile(r"\s+([,.;:!?])|\s{2,}")


@dataclass
class Mention:
    """Something that must be set up before it is used: the first use says what it is."""

    first: str  # "my sister Dana", "an old brass key", "the knocking under the stairs"
    later: str  # "Dana", "the key", "the knocking"


@dataclass
class Slots:
    values: dict[str, str]
    mentions: dict[str, Mention] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)

    def get(self, name: str) -> str:
        if name in self.mentions:
            m = self.mentions[name]
            if name in self.known:
                return m.later
            self.known.add(name)
            return m.first
        if name.endswith("_first") and name.removesuffix("_first") in self.mentions:
            # a template that itself sets something up ("I found {clue_first}") always says it
            # in full, and marks it known for what follows
            base = name.removesuffix("_first")
            self.known.add(base)
            return self.mentions[base].first
        return self.values[name]


def _alternatives(text: str, start: int) -> tuple[list[str], int]:
    """The options of the group opening at text[start] == '(' and the index after it."""
    depth, options, begin = 0, [], start + 1
    for i in range(start, len(text)):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                options.append(text[begin:i])
                return options, i + 1
        elif ch == "|" and depth == 1:
            options.append(text[begin:i])
            begin = i + 1
    raise ValueError(f"unbalanced alternation in template: {text!r}")


def choose(text: str, rng: random.Random) -> str:
    """Resolve every alternation, left to right (so one seed always gives one sentence)."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "(":
            options, i = _alternatives(text, i)
            out.append(choose(rng.choice(options), rng))
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def expand(template: str, slots: Slots, rng: random.Random, depth: int = 0) -> str:
    if depth > 6:
        raise ValueError(f"slot values refer to each other in a loop: {template!r}")
    text = choose(template, rng)

    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        value = expand(slots.get(name.lower()), slots, rng, depth + 1)
        return value[:1].upper() + value[1:] if name[:1].isupper() else value

    return _SLOT.sub(fill, text)


def tidy(text: str) -> str:
    """Articles before vowels, stray spaces, a capital at the start and a full stop at the end."""
    text = _ARTICLE.sub(lambda m: m.group(1) + "n ", text)
    text = _SPACES.sub(lambda m: m.group(1) or " ", text).strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?\"'”" else text + "."
