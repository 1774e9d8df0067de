"""Second-person telling: a first-person story retold to "you" ("I heard" -> "you heard")."""

import re

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
    (r"(?<!\bthe )(?<!\ba )(?<!\bcoal )(?<!\bold )\bmine\b", "yours"),  # not "the mine"
    (r"\bmy\b", "your"),
    (r"\bMy\b", "Your"),
    (r"\bMe\b", "You"),
]


def second_person(text: str) -> str:
    """Turn first-person narration into second person ("I heard" -> "you heard")."""
    for pattern, repl in _SECOND_PERSON:
        text = re.sub(pattern, repl, text)
    # Sentence starts lost their capital when "I" became "you".
    return re.sub(r"(^|[.!?]\s+)(you)", lambda m: m.group(1) + "You", text)
