"""Time the offline judge: model load, and judging eight-scene offline stories.

    python -m bench.filter [STORIES] [ROUNDS]

Load is measured in a fresh process state (the encoder is built here once); a story is
judged as the filter stage judges it (rules + offline judge, every window of title, hook,
narration and image prompts). The issue's budget: load <= 2 s, <= 0.5 s per eight-scene story.
"""

import asyncio
import statistics
import sys
import time

from services.story.engine.writer import OfflineWriter
from shared.messages.job import JobSpec
from shared.messages.story import Story
from shared.safety.offline import judge
from shared.safety.offline.judge import OfflineJudge
from shared.safety.offline.windows import windows
from shared.safety.rules import RulePolicy
from shared.safety.sections import story_sections

TOPICS = ("the last ferry", "a well that answers", "the night shift at the morgue", "a cabin")


def stories(n: int) -> list[Story]:
    writer = OfflineWriter()
    return [
        writer.compose(JobSpec(topic=TOPICS[i % len(TOPICS)], seed=500 + i, scenes=8))
        for i in range(n)
    ]


async def main(n: int, rounds: int) -> None:
    start = time.perf_counter()
    offline = OfflineJudge()
    judge.shared_encoder()
    print(f"model load: {time.perf_counter() - start:.2f} s")
    rules, drafts = RulePolicy(), stories(n)
    count = sum(len(windows(s.text)) for d in drafts for s in story_sections(d)) / n
    per_story = []
    for r in range(rounds):
        start = time.perf_counter()
        for story in drafts:
            await rules.check(story)
            await offline.check(story)
        per_story.append((time.perf_counter() - start) / n)
        print(f"round {r + 1}: {per_story[-1]:.3f} s per story ({count:.0f} windows each)")
    print(f"median: {statistics.median(per_story):.3f} s per eight-scene story")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    asyncio.run(main(*(args + [20, 3][len(args) :])))
