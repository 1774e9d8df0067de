"""Cutting a run of lines into scenes, with a picture prompt, a mood and a title."""

import random
import re

from services.story.engine.data import load
from services.story.engine.expand import Slots, expand
from services.story.engine.telling import Line
from shared.messages.story import Scene
from shared.quality import (
    SCENE_SHARE_MAX,
    SCENE_SHARE_MIN,
    SCENE_WORDS_ALWAYS_OK,
    count_words,
)

OUT_OF_BOUNDS = 1e6  # a scene the quality check would reject costs more than any uneven split
# Which mood list (common.json) a scene takes from the beat that opens it.
MOOD_OF = {"hook": "hook", "statement": "premise", "setup": "setup", "role": "setup",
           "echo": "premise", "friend": "setup", "sign": "sign", "escalate": "escalate",
           "note": "investigate", "turn": "twist", "ending": "ending"}  # fmt: skip
_SMALL = {"a", "an", "the", "and", "or", "of", "in", "at", "on", "to", "for", "by", "from"}


_BREAK = re.compile(r"(?<=[,;:]) | (?=(?:and|but|so|then|while|when) )")


def _cuts(text: str) -> list[int]:
    found = [m.start() for m in _BREAK.finditer(text)]
    # no clause to break at: between words, never leaving one word alone
    return found or [m.start() for m in re.finditer(" ", text)][1:-1]


def clauses(lines: list[Line], scenes: int) -> list[Line]:
    """Lines broken at a clause when a short story has fewer sentences than scenes: the
    longest is cut nearest its middle, so each picture still gets words of its own. The hook
    is cut last (it is the story's first sentence), unless it is too long for one scene."""
    out = list(lines)
    while len(out) < scenes:
        order = sorted(
            range(len(out)),
            key=lambda k: (k > 0 or count_words(out[k].text) > SCENE_WORDS_ALWAYS_OK,
                           count_words(out[k].text)),
        )  # fmt: skip
        i = next((k for k in reversed(order) if _cuts(out[k].text)), None)
        if i is None:
            break
        text = out[i].text
        cut = min(_cuts(text), key=lambda c: abs(c - len(text) / 2))
        head, tail = text[:cut].rstrip(), text[cut:].strip()
        out[i : i + 1] = [Line(out[i].beat, head, out[i].focus), Line(out[i].beat, tail, "part")]
    return out


def split(lines: list[Line], scenes: int) -> list[list[Line]]:
    """Contiguous groups of lines, as even in word count as the lines allow (1-3 each
    unless the story has more lines than three per scene can hold)."""
    lengths = [count_words(line.text) for line in lines]
    n = len(lines)
    most = max(3, -(-n // scenes))  # more than three only when the writer needed more lines
    share = sum(lengths) / scenes
    low = max(2.0, SCENE_SHARE_MIN * share)
    high = max(SCENE_WORDS_ALWAYS_OK, SCENE_SHARE_MAX * share)
    inf = float("inf")
    # cost[k][i]: best cost of putting the first i lines into k scenes
    cost = [[inf] * (n + 1) for _ in range(scenes + 1)]
    back = [[0] * (n + 1) for _ in range(scenes + 1)]
    cost[0][0] = 0.0
    for k in range(1, scenes + 1):
        for i in range(k, n + 1):
            for size in range(1, min(most, i) + 1):
                prev = cost[k - 1][i - size]
                if prev == inf:
                    continue
                words = sum(lengths[i - size : i])
                c = prev + (words - share) ** 2
                if not low <= words <= high:
                    c += OUT_OF_BOUNDS
                if c < cost[k][i]:
                    cost[k][i], back[k][i] = c, size
    groups: list[list[Line]] = []
    i = n
    for k in range(scenes, 0, -1):
        size = back[k][i]
        groups.append(lines[i - size : i])
        i -= size
    return groups[::-1]


# Pictures a scene may fall back on when its own subject has been shown enough: the story's
# other things, then the two parts of its place, all set up by the cast.
FALLBACKS = ("place_img", "part_img", "part2_img", "clue_img", "threat_img", "friend_img")
MAX_SHOWN = 2  # one subject twice at most: the painter has few framings for any one subject


def _focus_of(image: str, slots: Slots) -> str:
    return next(k for k in FALLBACKS if slots.values.get(k) == image)[: -len("_img")]


def _named(focus: str, slots: Slots, text: str) -> bool:
    """Whether the text names the slot (``part`` → "the hallway", ``clue`` → "the map")."""
    names = (slots.values.get(focus), slots.values.get(f"{focus}_later"))
    return any(
        n and re.search(rf"\b{re.escape(n.lower().removeprefix('the '))}\b", text) for n in names
    )


def scene(
    index: int,
    group: list[Line],
    slots: Slots,
    style: str,
    rng: random.Random,
    shown: dict[str, int] | None = None,
) -> Scene:
    """The scene's narration and a picture of what its first line shows, where and in what
    light; the subject leads the prompt because the painter reads its subject from there.
    ``shown`` counts the subjects of the scenes before: a subject shown MAX_SHOWN times gives
    way to the least shown of the story's other pictures (a viewer saw 7 cellar doors in 8)."""
    focus = group[0].focus
    subject = slots.values[f"{focus}_img"]
    if shown is not None:
        if shown.get(subject, 0) >= MAX_SHOWN:
            text = " ".join(line.text for line in group).lower()
            others = [slots.values[k] for k in FALLBACKS if slots.values.get(k)]
            # of the pictures not shown enough yet, what the scene's words name comes first,
            # then what was shown least: "a figure by the stairs" shows the stairs, not a clue
            subject = min(others, key=lambda o: (
                shown.get(o, 0) >= MAX_SHOWN, not _named(_focus_of(o, slots), slots, text),
                shown.get(o, 0), others.index(o),
            ))  # fmt: skip
            focus = _focus_of(subject, slots)
        shown[subject] = shown.get(subject, 0) + 1
    parts = [subject]
    if focus != "place" and slots.values["place_img"] not in subject:
        parts.append(f"at {slots.values['place_img']}")
    parts += [slots.values["light"], style.strip()]
    return Scene(
        index=index,
        narration=" ".join(line.text for line in group),
        image_prompt=", ".join(p for p in parts if p),
        mood=rng.choice(load("common")["moods"][MOOD_OF.get(group[0].beat, "escalate")]),
    )


def title(slots: Slots, rng: random.Random, *, about_place: bool) -> str:
    """A title naming the topic's own subject: its place when the topic is a place."""
    quiet = Slots(values=dict(slots.values), mentions=slots.mentions, known=set(slots.mentions))
    options = load("grammar")["titles"]["place" if about_place else "threat"]
    return title_case(expand(rng.choice(options), quiet, rng))


def title_case(text: str) -> str:
    words = text.split()
    titled = []
    for i, word in enumerate(words):
        after_colon = i > 0 and words[i - 1].endswith(":")
        inner = 0 < i < len(words) - 1
        small = inner and not after_colon and word.lower() in _SMALL
        titled.append(word.lower() if small else word[:1].upper() + word[1:])
    return " ".join(titled)
