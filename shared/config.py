"""One settings object, from GRIMREEL_* environment variables, checked at start."""

import re
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConfigError(Exception):
    """Bad configuration; the message lists every bad value and what to change."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_", extra="ignore")

    # transport and state
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    redis_url: str = "redis://127.0.0.1:6379/0"
    publish_timeout_s: float = Field(10.0, gt=0)
    delivery_limit: int = Field(5, ge=2, le=100)
    max_attempts: int = Field(4, ge=1, le=20)
    retry_delays_s: list[float] = [1.0, 5.0, 30.0]
    shutdown_grace_s: float = Field(20.0, ge=0)
    concurrency: dict[str, int] = {}

    # storage
    storage: Literal["local", "s3"] = "local"
    storage_dir: Path = Path("output")
    s3_bucket: str = "grimreel"
    s3_endpoint_url: str | None = None
    s3_region: str = "us-east-1"
    s3_create_bucket: bool = False
    url_expiry_s: int = Field(24 * 3600, ge=60, le=7 * 24 * 3600)

    # media
    ffmpeg: str | None = None
    scratch_dir: Path | None = None

    # providers (offline ones need no key and no network)
    story_provider: Literal["offline", "openai", "anthropic"] = "offline"
    voice_provider: Literal["offline", "elevenlabs", "openai", "google"] = "offline"
    image_provider: Literal["offline", "openai", "stability"] = "offline"
    max_drafts: int = Field(3, ge=1, le=10)

    # story and moderation (WF1): hosted writers, retries, prompts, filter policies
    story_model: str | None = None  # None: gpt-5.4-mini (openai), claude-haiku-4-5 (anthropic)
    story_prompt_version: str = Field("v1", pattern=r"^v[0-9]+$")  # services/story/prompts/
    story_temperature: float | None = Field(None, ge=0, le=2)  # None: the model's default
    story_max_tokens: int = Field(4096, ge=256, le=64000)
    story_timeout_s: float = Field(120.0, gt=0, le=900)  # one request to the provider
    story_attempts: int = Field(3, ge=1, le=10)  # requests per draft on 429/5xx/timeouts
    story_backoff_s: float = Field(1.0, gt=0, le=60)  # doubled per failure without Retry-After
    story_retry_after_max_s: float = Field(30.0, ge=0, le=600)  # longer: the runtime retries
    openai_base_url: str | None = None  # any OpenAI-compatible server: Ollama, vLLM, LM Studio
    anthropic_base_url: str | None = None
    moderation_gore_level: Literal["none", "mild", "moderate", "extreme"] = "moderate"
    moderation_names_file: Path | None = None  # more real people's names, one per line
    moderation_semantic: bool = True  # the offline embedding check next to the rule lists
    moderation_openai: bool = True  # use OpenAI moderation when a key for it is set
    moderation_api_key: SecretStr | None = None  # else openai_api_key, unless openai_base_url
    moderation_base_url: str | None = None
    moderation_model: str = "omni-moderation-latest"
    moderation_timeout_s: float = Field(30.0, gt=0, le=300)

    # provider keys: only from the environment, never logged
    openai_api_key: SecretStr | None = None
    anthropic_api_key: SecretStr | None = None
    elevenlabs_api_key: SecretStr | None = None
    google_api_key: SecretStr | None = None  # None: Application Default Credentials
    stability_api_key: SecretStr | None = None

    # narration and pictures (WF2): limits per provider and process, hosted endpoints, cache
    voice_concurrency: int = Field(4, ge=1, le=64)  # calls in flight to the voice provider
    voice_timeout_s: float = Field(60.0, gt=0, le=600)  # one provider call
    voice_attempts: int = Field(4, ge=1, le=10)  # calls per scene before the runtime retries
    voice_backoff_s: float = Field(1.0, gt=0, le=60)  # doubled per attempt; Retry-After wins
    voice_treatment: Literal["none", "horror"] = "none"  # pitch/EQ/echo in tts, length kept
    voice_treatment_semitones: float = Field(-3.0, ge=-12, le=12)
    voice_treatment_echo: bool = True
    image_concurrency: int = Field(2, ge=1, le=64)
    image_timeout_s: float = Field(120.0, gt=0, le=600)
    image_attempts: int = Field(4, ge=1, le=10)
    image_backoff_s: float = Field(2.0, gt=0, le=120)
    elevenlabs_base_url: str = "https://api.elevenlabs.io"
    elevenlabs_model: str = "eleven_multilingual_v2"
    elevenlabs_voice: str = "pNInz6obpgDQGcFmaJgB"  # used when a job asks for "default"
    openai_tts_base_url: str | None = None  # None: the SDK's default endpoint
    openai_tts_model: str = "gpt-4o-mini-tts"
    openai_tts_voice: str = "onyx"
    openai_image_base_url: str | None = None
    openai_image_model: str = "gpt-image-2"
    google_tts_endpoint: str = "https://texttospeech.googleapis.com"
    google_tts_voice: str = "en-US-Neural2-D"  # a voice type that supports SSML marks
    stability_base_url: str = "https://api.stability.ai"
    stability_model: str = "core"  # "core", "ultra" or an sd3 model such as "sd3.5-large"
    cache_enabled: bool = True  # reuse narration/pictures made from the same inputs

    # logs
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["json", "console"] = "json"

    @field_validator("retry_delays_s")
    @classmethod
    def _delays(cls, v: list[float]) -> list[float]:
        if not v or any(d <= 0 for d in v):
            raise ValueError("retry_delays_s must be a non-empty list of positive seconds")
        return v

    @field_validator("amqp_url")
    @classmethod
    def _amqp(cls, v: str) -> str:
        if not v.startswith(("amqp://", "amqps://")):
            raise ValueError("amqp_url must start with amqp:// or amqps://")
        return v

    @field_validator("redis_url")
    @classmethod
    def _redis(cls, v: str) -> str:
        if not v.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("redis_url must start with redis://, rediss:// or unix://")
        return v

    @field_validator("concurrency")
    @classmethod
    def _conc(cls, v: dict[str, int]) -> dict[str, int]:
        bad = {k: n for k, n in v.items() if not 1 <= n <= 64}
        if bad:
            raise ValueError(f"concurrency values must be 1..64, got {bad}")
        return v

    @field_validator(
        "elevenlabs_base_url",
        "openai_tts_base_url",
        "openai_image_base_url",
        "google_tts_endpoint",
        "stability_base_url",
    )
    @classmethod
    def _provider_url(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"https?://[^\s/?#@]+(/\S*)?", v):
            raise ValueError("must be an http(s) URL without credentials")
        return v.rstrip("/") if v else v

    @model_validator(mode="after")
    def _provider_keys(self) -> "Settings":
        # Checked at start so a missing key is a clear config error, not a failed first job.
        needs = {
            "elevenlabs": (self.voice_provider, self.elevenlabs_api_key, "VOICE"),
            "openai": (self.voice_provider, self.openai_api_key, "VOICE"),
            "stability": (self.image_provider, self.stability_api_key, "IMAGE"),
        }
        for name, (chosen, key, what) in needs.items():
            if chosen == name and key is None:
                raise ValueError(
                    f"GRIMREEL_{what}_PROVIDER={name} needs GRIMREEL_{name.upper()}_API_KEY"
                )
        if self.image_provider == "openai" and self.openai_api_key is None:
            raise ValueError("GRIMREEL_IMAGE_PROVIDER=openai needs GRIMREEL_OPENAI_API_KEY")
        return self

    def concurrency_of(self, stage: str) -> int:
        defaults = {"render": 1, "tts": 2, "visual": 2}
        return self.concurrency.get(stage, defaults.get(stage, 8))


B = TypeVar("B", bound=BaseSettings)


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, or ConfigError with one line per bad value."""
    return load_as(Settings, **overrides)


def load_as(model: type[B], **overrides: object) -> B:
    """Like load_settings, for any settings class: a stage's, a provider's, the gateway's."""
    try:
        return model(**overrides)  # type: ignore[arg-type]
    except ValidationError as e:
        lines = []
        for err in e.errors():
            if not err["loc"]:  # a check across fields names its variables in the message
                lines.append(f"  {err['msg'].removeprefix('Value error, ')}")
                continue
            prefix = str(model.model_config.get("env_prefix", "GRIMREEL_")).upper()
            name = str(err["loc"][0]).upper()
            if not name.startswith("GRIMREEL_"):  # an alias is the variable's full name already
                name = prefix + name
            lines.append(f"  {name}: {err['msg']} (got {err.get('input')!r})")
        raise ConfigError("invalid configuration:\n" + "\n".join(lines)) from None
