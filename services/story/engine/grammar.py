"""Filling one template: slots, agreement, articles, and first- to second-person narration."""

import re

from services.story.engine.cast import POOLED, Cast

_SLOT = re.compile(r"\{([A-Za-z_]+)\}")
_ARTICLE = re.compile(r"\b([Aa]) (?=[aeioAEIO]|hour|honest)")
_SPACES = re.compile(r"\s+([,.;:!?])|\s{2,}")

# Longest first so "I was" wins over "I"; "me" only as a whole word.
_SECOND_PERSON = [
    (r"\bI wasn't\b", "you weren't"),
    (r"\bI was\b", "you were"),
    (r"\bwas I\b", "were you"),
    (r"\bI am\b", "you are"),
    (r"\bI'm\b", "you're"),
    (r"\bI've\b", "you've"),
    (r"\bI'd\b", "you'd"),
    (r"\bI'll\b", "you'll"),
    (r"\bI\b", "you"),
    (r"\bme\b", "you"),
    (r"\bmyself\b", "yourself"),
    (r"\bmine\b", "yours"),
    (r"\bmy\b", "your"),
    (r"\bMy\b", "Your"),
    (r"\bMe\b", "You"),
]


def _value(name: str, cast: Cast, drawn: dict[str, str]) -> str:
    key = name.lower()
    if key.endswith("_title"):
        return _value(key.removesuffix("_title"), cast, drawn).title().replace("’S", "’s")
    if key in POOLED:
        value = drawn.setdefault(key, cast.peek(key))
    elif key == "name" and "name" not in cast.known and "name" not in drawn:
        # First mention says who they are: "my sister Dana", then just "Dana".
        drawn["name"] = value = f"{cast.slots['rel']} {cast.slots['name']}"
    elif key in ("anchor", "short"):
        # The topic's full phrase on first mention ("the haunted doll"), then "the doll".
        value = cast.slots["short" if "anchor" in cast.known else "anchor"]
    elif key == "figure" and "figure" in cast.known:
        value = cast.slots["the_figure"]
    else:
        value = cast.slots.get(key, "")
    return value[:1].upper() + value[1:] if name[:1].isupper() else value


def fill(template: str, cast: Cast, drawn: dict[str, str]) -> str:
    """template with its slots filled; drawn shares pooled picks between a line and its picture."""
    if "{rel}" in template:
        drawn.setdefault("name", cast.slots["name"])
    nouns: list[str] = []

    def slot(m: re.Match[str]) -> str:
        value = _value(m.group(1), cast, drawn)
        if m.group(1).lower() in ("anchor", "short"):
            nouns.append(value)
        return value

    text = _SLOT.sub(slot, template)
    for noun in nouns:
        text = agree(text, noun)
    text = _ARTICLE.sub(lambda m: m.group(1) + "n ", text)
    return _SPACES.sub(lambda m: m.group(1) or " ", text).strip()


_PLURAL_VERB = {"was": "were", "is": "are", "has": "have", "wasn't": "weren't", "isn't": "aren't"}


def agree(text: str, noun: str) -> str:
    """'The calls was' → 'The calls were': the topic's noun may be plural."""
    last = noun.split()[-1].lower() if noun.split() else ""
    if not last.endswith("s") or last.endswith(("ss", "us", "is")):
        return text
    verbs = "|".join(map(re.escape, _PLURAL_VERB))
    pattern = re.compile(rf"({re.escape(noun)}) ({verbs})\b", re.IGNORECASE)
    return pattern.sub(lambda m: f"{m.group(1)} {_PLURAL_VERB[m.group(2).lower()]}", text)


def sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?\"'" else text + "."


def second_person(text: str) -> str:
    """Turn first-person narration into second person ("I heard" -> "you heard")."""
    for pattern, repl in _SECOND_PERSON:
        text = re.sub(pattern, repl, text)
    # Sentence starts lost their capital when "I" became "you".
    return re.sub(r"(^|[.!?]\s+)(you)", lambda m: m.group(1) + "You", text)
