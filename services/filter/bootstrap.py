"""Composition root of the filter stage: moderation policies by name, in the configured order."""

import structlog

from services.filter.handler import FilterDeps, judge
from services.filter.settings import FilterSettings, ModerationSettings
from services.filter.unavailable import PolicyUnavailable
from shared.config import ConfigError, Settings, load_as
from shared.messages import JobSpec, Story, StoryDrafted
from shared.providers import Kit, find
from shared.quality import WORDS_PER_MINUTE, check_quality
from shared.runtime import Stage, on
from shared.safety.policy import Policy
from shared.wiring import make_storage

log = structlog.get_logger("filter")
PROVIDERS = "services.filter.providers"


def make_policy(name: str, moderation: ModerationSettings) -> Policy:
    provider = find("moderation", name, PROVIDERS)
    kit = Kit(policy=moderation.policy(f"{name} moderation"))
    # The built-in policies share the stage's moderation section; a plugin reads its own.
    if isinstance(moderation, provider.settings):
        built = provider.factory(moderation, kit)
    else:
        built = provider.create(kit)
    if not isinstance(built, Policy):
        raise ConfigError(f"moderation provider {name!r} built a {type(built).__name__}")
    return built


def make_policies(moderation: ModerationSettings | None = None) -> list[Policy]:
    """The policies GRIMREEL_MODERATION_POLICIES names, less those this machine cannot run."""
    moderation = moderation or load_as(ModerationSettings)
    policies: list[Policy] = []
    for name in moderation.chosen():
        try:
            policies.append(make_policy(name, moderation))
        except PolicyUnavailable as e:
            log.warning(f"filter.{name}_off", reason=e.reason, fix=e.fix)
    return policies


def build(settings: Settings) -> list[Stage]:
    def quality(story: Story, spec: JobSpec) -> list[str]:
        return check_quality(story, spec, WORDS_PER_MINUTE)

    filtering = load_as(FilterSettings)
    deps = FilterDeps(
        policies=make_policies(),
        quality=quality,
        storage=make_storage(settings),
        max_drafts=filtering.max_drafts,
        approval_ttl_s=filtering.approval_ttl_s,
    )
    return [
        Stage.of(
            "filter",
            on(StoryDrafted, judge, deps),
            concurrency=settings.concurrency_of("filter"),
            resources=(deps.storage, *deps.policies),
        )
    ]
