"""Composition root of the filter stage."""

from functools import partial

from services.filter.handler import FilterDeps, judge
from services.filter.policies.rules import RulePolicy
from services.filter.policy import Policy
from services.story.quality import check_quality
from shared.config import Settings
from shared.messages import JobSpec, Story, StoryDrafted
from shared.runtime import Stage
from shared.wiring import make_storage

WORDS_PER_MINUTE = 150.0


def make_policies(settings: Settings) -> list[Policy]:
    return [RulePolicy()]


def build(settings: Settings) -> list[Stage]:
    def quality(story: Story, spec: JobSpec) -> list[str]:
        return check_quality(story, spec, WORDS_PER_MINUTE)

    deps = FilterDeps(
        policies=make_policies(settings),
        quality=quality,
        storage=make_storage(settings),
        max_drafts=settings.max_drafts,
    )
    return [
        Stage(
            "filter",
            {StoryDrafted: partial(judge, deps=deps)},
            concurrency=settings.concurrency_of("filter"),
        )
    ]
