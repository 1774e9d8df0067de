"""Time the offline filter (rules + semantic) per story, as built against two baselines.

- sentences only: the filter also reads each long sentence's clauses, so a forbidden clause
  is not diluted by a harmless one; this measures what that costs;
- batch 32: the encoder's batch size before it became 8.

All variants judge the same offline stories in one invocation, in turn within each round, so
the ratios are fair on a noisy machine.  usage: python -m bench.filter [STORIES] [ROUNDS]
"""

import asyncio
import statistics
import sys
import time
from unittest import mock

from services.filter.engine import passages
from services.filter.engine.minilm import MiniLM
from services.filter.engine.semantic import SemanticPolicy
from services.story.engine.writer import OfflineWriter
from shared.messages.job import JobSpec
from shared.messages.story import Story
from shared.safety.rules import RulePolicy

TOPICS = ("the last ferry", "a well that answers", "the night shift at the morgue", "a cabin")


def stories(n: int) -> list[Story]:
    writer = OfflineWriter()
    return [writer.compose(JobSpec(topic=TOPICS[i % len(TOPICS)], seed=500 + i)) for i in range(n)]


async def judge(drafts: list[Story]) -> tuple[float, int]:
    rules, semantic = RulePolicy(), SemanticPolicy()
    await semantic.warm_up()
    start = time.perf_counter()
    for story in drafts:
        await rules.check(story)
        await semantic.check(story)
    count = sum(len(passages.passages(s)) for s in drafts)
    return (time.perf_counter() - start) / len(drafts), count


async def main(n: int, rounds: int) -> None:
    drafts = stories(n)
    clauses, batches = [], []
    encode = MiniLM.encode
    for r in range(rounds):
        built, built_passages = await judge(drafts)
        with mock.patch.object(passages, "sentences", passages._sentences):
            whole, whole_passages = await judge(drafts)
        with mock.patch.object(MiniLM, "encode", lambda self, s: encode(self, s, batch=32)):
            big, _ = await judge(drafts)
        clauses.append(built / whole)
        batches.append(built / big)
        print(
            f"round {r + 1}: as built {built * 1000:.0f} ms/story ({built_passages} passages); "
            f"sentences only {whole * 1000:.0f} ms ({whole_passages} passages); "
            f"batch 32 {big * 1000:.0f} ms"
        )
    print(f"median ratio as built / sentences only: {statistics.median(clauses):.2f}")
    print(f"median ratio as built / batch 32: {statistics.median(batches):.2f}")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    asyncio.run(main(*(args + [20, 5][len(args) :])))
