"""The shape of a story (hook → build-up → twist → open ending) and the word budget per line.

Each line gets its share of the words still unspent, so the story lands within the duration
tolerance without truncating sentences, and the twist is never starved by a long middle.
"""

from services.story.engine.picker import MIDDLE, Line, Picker
from shared.quality import count_words

# Which middle stages survive when a short story has room for only a few lines.
PRIORITY = ("sign", "confront", "escalate", "setup", "discovery", "investigate")
# Relative length of a line per stage: the hook and twist carry the story.
SHARE = {"hook": 1.2, "premise": 1.0, "twist": 1.6, "ending": 1.1, "beat": 0.4}
WEIGHTS = {"setup": 2, "sign": 2, "escalate": 5, "investigate": 2, "discovery": 2, "confront": 2}


def plan(slots: int) -> list[str]:
    """Stage names for `slots` sentences, in story order."""
    if slots <= 3:
        return ["hook", "premise", "twist"][: max(slots, 1)]
    rest = slots - 4
    counts = dict.fromkeys(MIDDLE, 0)
    for stage in PRIORITY[:rest]:
        counts[stage] = 1
    extra = rest - sum(counts.values())
    total = sum(WEIGHTS.values())
    for stage in MIDDLE:
        counts[stage] += extra * WEIGHTS[stage] // total
    leftover = rest - sum(counts.values())
    counts["escalate"] += leftover
    middle = [stage for stage in MIDDLE for _ in range(counts[stage])]
    return ["hook", "premise", *middle, "twist", "ending"]


def write_lines(picker: Picker, stages: list[str], budget: float) -> list[Line]:
    lines: list[Line] = []
    spent = 0
    for i, stage in enumerate(stages):
        # Each line's share of what is left, so the twist is not starved by a long middle.
        ahead = sum(SHARE.get(s, 1.0) for s in stages[i:])
        desired = max(2.0, (budget - spent) * SHARE.get(stage, 1.0) / ahead)
        if stage in ("twist", "ending"):
            # An overlong middle must not shrink the payoff to "It's here."; later drafts
            # with fewer lines absorb the overshoot instead.
            fair = SHARE[stage] * budget / len(stages)
            desired = max(desired, min(14.0, fair, max(0.6 * (budget - spent), 10.0)))
        first = i == 0 or stages[i - 1] != stage
        line = picker.pick(stage, desired, first)
        lines.append(line)
        spent += count_words(line.text)
    return lines
