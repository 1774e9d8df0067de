"""Slips in the offline writer's stories: topics × seeds through the checker's rules.

    python -m bench.story_slips                 # counts per rule, five examples each
    python -m bench.story_slips --show 15       # and the first 15 stories in full
    python -m bench.story_slips --seeds 1 2 3 4 5

Topics: tests/story/topics.json and tests/story/topics_more.json (settings the first list
lacks), tones in turn as the story tests give them.
"""

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import get_args

from services.story.engine.slips import slips
from services.story.engine.writer import OfflineWriter
from shared.messages.job import JobSpec, Tone

HERE = Path(__file__).parents[1] / "tests" / "story"


def topics() -> list[str]:
    return [*json.loads((HERE / "topics.json").read_text()),
            *json.loads((HERE / "topics_more.json").read_text())]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--show", type=int, default=0, help="print this many stories in full")
    parser.add_argument("--examples", type=int, default=5)
    args = parser.parse_args()
    tones, writer = get_args(Tone), OfflineWriter()
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    stories = flagged = 0
    for i, topic in enumerate(topics()):
        for seed in args.seeds:
            spec = JobSpec(topic=topic, tone=tones[i % len(tones)], seed=seed)
            story = writer.compose(spec)
            stories += 1
            if stories <= args.show:
                print(f"### {topic} | {spec.tone} | seed {seed} | {story.title}\n{story.text}\n")
            found = slips(story.text)
            flagged += bool(found)
            for slip in found:
                kind = slip.rule.split("(")[0].split("'")[0].strip() or slip.rule
                counts[kind] += 1
                if len(examples[kind]) < args.examples:
                    examples[kind].append(f"[{topic} / {seed}] {slip}")
    for kind, n in counts.most_common():
        print(f"{n:5d}  {kind}")
        for line in examples[kind]:
            print(f"         {line}")
    print(f"{sum(counts.values())} slips in {flagged} of {stories} stories")


if __name__ == "__main__":
    main()
