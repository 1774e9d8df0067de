"""Prompt templates (versioned files) and the choice of writer from settings, by name."""

import os

import pytest

from services.story.bootstrap import PROVIDERS, make_writer
from services.story.engine.writer import OfflineWriter
from services.story.prompt import render, template
from services.story.providers.anthropic import AnthropicWriter
from services.story.providers.openai import OpenAIWriter
from services.story.settings import StorySettings
from shared.config import ConfigError, Settings, load_as
from shared.messages.job import JobSpec
from shared.providers import Kit, available, find

SPEC = JobSpec(
    topic="  a scarecrow that moves  ",
    duration_s=60,
    language="pt-BR",
    tone="true-crime",
    style="grainy VHS, green tint",
)


def test_the_user_prompt_carries_every_part_of_the_spec() -> None:
    prompt = render(SPEC, [], wpm=150)
    assert prompt.version == "v1"
    user = prompt.user
    assert "true crime horror short about: a scarecrow that moves" in user
    assert "Brazilian Portuguese (pt-BR)" in user
    assert "about 150 words" in user and "between\n135 and 165 words" in user
    assert "exactly 8 scenes of about 19 words each" in user
    assert "grainy VHS, green tint" in user
    assert "rejected" not in user and "$" not in user


def test_feedback_is_listed_and_bounded() -> None:
    problems = [f"problem {i}" for i in range(20)]
    user = render(SPEC.model_copy(update={"scenes": 5}), problems, wpm=150).user
    assert "exactly 5 scenes" in user and "- problem 0" in user and "- problem 11" in user
    assert "- problem 12" not in user


def test_an_unknown_language_tag_is_passed_through_and_versions_are_files() -> None:
    assert (
        "the language with the tag 'tlh'"
        in render(SPEC.model_copy(update={"language": "tlh"}), [], wpm=150).user
    )
    with pytest.raises(ValueError, match=r"user\.v9\.txt"):
        template("user", "v9")
    assert "never write" in render(SPEC, [], wpm=150).system


@pytest.fixture(autouse=True)
def no_grimreel_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own keys and URLs must not decide these tests."""
    for name in list(os.environ):
        if name.startswith("GRIMREEL_"):
            monkeypatch.delenv(name)


def test_offline_is_the_default_writer() -> None:
    assert isinstance(make_writer(Settings()), OfflineWriter)
    assert isinstance(make_writer(Settings(), StorySettings()), OfflineWriter)


def test_each_provider_is_picked_by_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIMREEL_OPENAI_API_KEY", "sk-a")
    monkeypatch.setenv("GRIMREEL_ANTHROPIC_API_KEY", "sk-ant")
    names = available("story", PROVIDERS)
    built = {n: make_writer(Settings(), StorySettings(provider=n)) for n in names}
    assert {n: type(w) for n, w in built.items()} == {
        "anthropic": AnthropicWriter,
        "offline": OfflineWriter,
        "openai": OpenAIWriter,
    }
    assert all(w.name == n for n, w in built.items())


def test_an_unknown_provider_is_a_config_error_listing_the_known_ones() -> None:
    with pytest.raises(ConfigError, match=r"'gpt' \(known: anthropic, offline, openai\)"):
        make_writer(Settings(), StorySettings(provider="gpt"))


def test_hosted_writers_get_their_default_model_and_no_sdk_retries(monkeypatch) -> None:
    monkeypatch.setenv("GRIMREEL_OPENAI_API_KEY", "sk-a")
    monkeypatch.setenv("GRIMREEL_ANTHROPIC_API_KEY", "sk-ant")
    o = make_writer(Settings(), StorySettings(provider="openai"))
    assert isinstance(o, OpenAIWriter) and o.model == "gpt-5.4-mini"
    assert o.client.api_key == "sk-a" and o.client.max_retries == 0
    a = make_writer(Settings(), StorySettings(provider="anthropic"))
    assert isinstance(a, AnthropicWriter) and a.model == "claude-haiku-4-5"
    assert a.client.api_key == "sk-ant" and a.client.max_retries == 0


def test_a_local_openai_compatible_server_needs_no_key(monkeypatch) -> None:
    monkeypatch.setenv("GRIMREEL_OPENAI_BASE_URL", "http://127.0.0.1:11434/v1/")
    monkeypatch.setenv("GRIMREEL_STORY_RETRY_AFTER_MAX_S", "12")  # the old name still works
    monkeypatch.setenv("GRIMREEL_STORY_PROVIDER", "openai")
    monkeypatch.setenv("GRIMREEL_STORY_MODEL", "llama3.1")
    monkeypatch.setenv("GRIMREEL_STORY_ATTEMPTS", "5")
    local = make_writer(Settings())
    assert isinstance(local, OpenAIWriter) and local.model == "llama3.1"
    assert str(local.client.base_url) == "http://127.0.0.1:11434/v1/"
    assert local.client.api_key == "not-needed"
    assert (local.policy.attempts, local.policy.max_wait_s) == (5, 12)


def test_the_story_knobs_reach_the_writer(monkeypatch) -> None:
    monkeypatch.setenv("GRIMREEL_ANTHROPIC_API_KEY", "sk-ant")
    cs = StorySettings(
        provider="anthropic", model="claude-x", temperature=0.3, max_tokens=1000, timeout_s=7
    )
    w = make_writer(Settings(), cs)
    assert isinstance(w, AnthropicWriter)
    assert (w.model, w.temperature, w.max_tokens) == ("claude-x", 0.3, 1000)
    assert w.policy.timeout_s == 7 and w.client.timeout == 7


def test_a_provider_built_on_its_own_reads_the_story_knobs_from_the_environment(
    monkeypatch,
) -> None:
    monkeypatch.setenv("GRIMREEL_STORY_MODEL", "from-env")
    kit = Kit(policy=StorySettings().policy())
    w = find("story", "openai", PROVIDERS).create(kit, {"api_key": "sk-a"})
    assert isinstance(w, OpenAIWriter) and w.model == "from-env"


@pytest.mark.parametrize(
    ("provider", "variable"),
    [("openai", "GRIMREEL_OPENAI_API_KEY"), ("anthropic", "GRIMREEL_ANTHROPIC_API_KEY")],
)
def test_a_hosted_writer_without_a_key_is_a_config_error(provider, variable) -> None:
    with pytest.raises(ConfigError, match=variable):
        make_writer(Settings(), StorySettings(provider=provider))


def test_bad_story_settings_are_rejected_with_their_names(monkeypatch) -> None:
    with pytest.raises(ConfigError, match="GRIMREEL_STORY_PROMPT_VERSION"):
        load_as(StorySettings, prompt_version="latest")
    with pytest.raises(ConfigError, match="GRIMREEL_STORY_TEMPERATURE"):
        load_as(StorySettings, temperature=3)
    monkeypatch.setenv("GRIMREEL_OPENAI_BASE_URL", "http://user:pw@127.0.0.1:11434/v1")
    with pytest.raises(ConfigError, match="GRIMREEL_OPENAI_BASE_URL"):
        make_writer(Settings(), StorySettings(provider="openai"))


def test_words_are_counted_in_any_latin_or_other_alphabet() -> None:
    from shared.quality import count_words

    assert count_words("Das Mädchen öffnete die Tür.") == 5
    assert count_words("Девочка открыла дверь.") == 3
    # a year is read as "nineteen fifty-two": three words of speech
    assert count_words("It's John’s house, 1952.") == 6
