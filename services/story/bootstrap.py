"""Composition root of the story stage."""

from functools import partial

from services.story.handler import StoryDeps, draft, redraft
from services.story.providers.hosted import RetryPolicy
from services.story.providers.offline import OfflineWriter
from services.story.writer import Writer
from shared.config import ConfigError, Settings
from shared.messages import JobRequested, StoryRejected
from shared.runtime import Stage

DEFAULT_MODELS = {"openai": "gpt-5.4-mini", "anthropic": "claude-haiku-4-5"}
# Local OpenAI-compatible servers ignore the key, but the SDK insists on one.
LOCAL_SERVER_KEY = "not-needed"


def make_writer(settings: Settings) -> Writer:
    provider = settings.story_provider
    if provider == "offline":
        return OfflineWriter()
    retry = RetryPolicy(
        attempts=settings.story_attempts,
        backoff_s=settings.story_backoff_s,
        max_wait_s=settings.story_retry_after_max_s,
    )
    common = {
        "model": settings.story_model or DEFAULT_MODELS[provider],
        "timeout_s": settings.story_timeout_s,
        "retry": retry,
        "temperature": settings.story_temperature,
        "prompt_version": settings.story_prompt_version,
    }
    if provider == "openai":
        from services.story.providers.openai_writer import OpenAIWriter

        key = settings.openai_api_key
        if key is None and settings.openai_base_url is None:
            raise ConfigError(
                "GRIMREEL_STORY_PROVIDER=openai needs GRIMREEL_OPENAI_API_KEY "
                "(or GRIMREEL_OPENAI_BASE_URL for a local OpenAI-compatible server)"
            )
        return OpenAIWriter(
            api_key=key.get_secret_value() if key else LOCAL_SERVER_KEY,
            base_url=settings.openai_base_url,
            **common,  # type: ignore[arg-type]
        )
    from services.story.providers.anthropic_writer import AnthropicWriter

    if settings.anthropic_api_key is None:
        raise ConfigError("GRIMREEL_STORY_PROVIDER=anthropic needs GRIMREEL_ANTHROPIC_API_KEY")
    return AnthropicWriter(
        api_key=settings.anthropic_api_key.get_secret_value(),
        base_url=settings.anthropic_base_url,
        max_tokens=settings.story_max_tokens,
        **common,  # type: ignore[arg-type]
    )


def build(settings: Settings) -> list[Stage]:
    deps = StoryDeps(writer=make_writer(settings))
    handlers = {JobRequested: partial(draft, deps=deps), StoryRejected: partial(redraft, deps=deps)}
    return [Stage("story", handlers, concurrency=settings.concurrency_of("story"))]
