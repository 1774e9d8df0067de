"""Prompt templates (versioned files) and the choice of writer from settings."""

import pytest
from services.story.providers.anthropic_writer import AnthropicWriter
from services.story.providers.openai_writer import OpenAIWriter

from services.story.bootstrap import make_writer
from services.story.prompt import render, template
from services.story.providers.offline import OfflineWriter
from shared.config import ConfigError, Settings, load_settings
from shared.messages.job import JobSpec

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


def test_offline_is_the_default_writer() -> None:
    assert isinstance(make_writer(Settings()), OfflineWriter)


def test_hosted_writers_are_chosen_and_configured_from_settings() -> None:
    w = make_writer(Settings(story_provider="openai", openai_api_key="sk-a"))
    assert isinstance(w, OpenAIWriter) and w.model == "gpt-5.4-mini"
    local = make_writer(
        Settings(
            story_provider="openai",
            openai_api_key=None,
            openai_base_url="http://127.0.0.1:11434/v1",
            story_model="llama3.1",
            story_attempts=5,
            story_retry_after_max_s=12,
        )
    )
    assert isinstance(local, OpenAIWriter) and local.model == "llama3.1"
    assert str(local.client.base_url).startswith("http://127.0.0.1:11434/v1")
    assert (local.retry.attempts, local.retry.max_wait_s) == (5, 12)
    a = make_writer(Settings(story_provider="anthropic", anthropic_api_key="sk-ant"))
    assert isinstance(a, AnthropicWriter) and a.model == "claude-haiku-4-5"


@pytest.mark.parametrize(
    ("provider", "variable"),
    [("openai", "GRIMREEL_OPENAI_API_KEY"), ("anthropic", "GRIMREEL_ANTHROPIC_API_KEY")],
)
def test_a_hosted_writer_without_a_key_is_a_config_error(provider, variable) -> None:
    settings = Settings(story_provider=provider, openai_api_key=None, anthropic_api_key=None)
    with pytest.raises(ConfigError, match=variable):
        make_writer(settings)


def test_bad_story_settings_are_rejected_with_their_names() -> None:
    with pytest.raises(ConfigError, match="GRIMREEL_STORY_PROVIDER"):
        load_settings(story_provider="gpt")
    with pytest.raises(ConfigError, match="GRIMREEL_STORY_PROMPT_VERSION"):
        load_settings(story_prompt_version="latest")


def test_words_are_counted_in_any_latin_or_other_alphabet() -> None:
    from shared.quality import count_words

    assert count_words("Das Mädchen öffnete die Tür.") == 5
    assert count_words("Девочка открыла дверь.") == 3
    assert count_words("It's John’s house, 1952.") == 4
