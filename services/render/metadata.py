"""The metadata that goes with a video: what a person or an uploader needs to post it."""

from typing import Any

from services.render.timeline import HEIGHT, WIDTH, Timeline
from shared.messages.story import Story

BASE_TAGS = ("#horror", "#scarystories", "#creepy", "#horrorstory", "#shorts")
MOOD_TAGS = {
    "dread": "#dread",
    "eerie": "#creepypasta",
    "panic": "#nightmare",
    "terror": "#terrifying",
    "unease": "#unsettling",
}


def hashtags(story: Story) -> list[str]:
    tags = list(BASE_TAGS)
    for scene in story.scenes:
        tag = MOOD_TAGS.get(scene.mood.lower())
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def metadata(
    story: Story, tl: Timeline, duration_s: float, outputs: dict[str, str],
    size: tuple[int, int] = (WIDTH, HEIGHT),
) -> dict[str, Any]:  # fmt: skip
    tags = hashtags(story)
    narration = {s.index: s for s in story.scenes}
    return {
        "title": story.title,
        "description": f"{story.hook}\n\n{' '.join(tags)}",
        "hashtags": tags,
        "language": story.language,
        "duration_s": round(duration_s, 3),
        "target_s": story.target_s,
        "seed": story.seed,  # the offline writer's: `--seed` with it repeats the story
        "width": size[0],
        "height": size[1],
        "fps": tl.fps,
        "scenes": [
            {
                "index": slot.index,
                "start_s": round(slot.start_s, 3),
                "end_s": round(slot.start_s + slot.slot_s, 3),
                "narration": narration[slot.index].narration if slot.index in narration else "",
                "mood": narration[slot.index].mood if slot.index in narration else "",
            }
            for slot in tl.slots
        ],
        "outputs": outputs,
    }
