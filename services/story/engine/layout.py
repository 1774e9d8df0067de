"""Cutting a run of lines into scenes, with a picture prompt, a mood and a title."""

import random

from services.story.engine.cast import Cast
from services.story.engine.data import load
from services.story.engine.grammar import fill
from services.story.engine.picker import Line
from shared.messages.story import Scene
from shared.quality import (
    SCENE_SHARE_MAX,
    SCENE_SHARE_MIN,
    SCENE_WORDS_ALWAYS_OK,
    count_words,
)

OUT_OF_BOUNDS = 1e6  # a scene the quality check would reject costs more than any uneven split
_SMALL = {"a", "an", "the", "and", "or", "of", "in", "at", "on", "to", "for", "by", "from"}


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


def scene(index: int, group: list[Line], cast: Cast, style: str, rng: random.Random) -> Scene:
    common = load("common")
    stage = group[0].stage
    visual = next((line.visual for line in group if line.visual), "")
    if not visual:
        visual = fill(common["stage_visuals"][stage], cast, {})
    parts = [visual]
    if cast.slots["place_img"] not in visual:
        parts.append(cast.slots["place_img"])
    parts += [cast.slots["light"], style.strip()]
    prompt = ", ".join(p for p in parts if p)
    return Scene(
        index=index,
        narration=" ".join(line.text for line in group),
        image_prompt=prompt,
        mood=rng.choice(common["moods"][stage]),
    )


def title(cast: Cast, rng: random.Random) -> str:
    options = load("common")["titles"]
    kind = cast.slots["kind"]
    template = rng.choice(options["any"] + options.get(kind, []))
    return title_case(fill(template, cast, {}))


def title_case(text: str) -> str:
    words = text.split()
    titled = []
    for i, word in enumerate(words):
        after_colon = i > 0 and words[i - 1].endswith(":")
        inner = 0 < i < len(words) - 1
        small = inner and not after_colon and word.lower() in _SMALL
        titled.append(word.lower() if small else word[:1].upper() + word[1:])
    return " ".join(titled)
