"""One settings object, from GRIMREEL_* environment variables, checked at start."""

import email.utils
import ipaddress
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
    preset: str = "veryfast"
    crf: int = Field(23, ge=0, le=51)

    # providers (offline ones need no key and no network)
    story_provider: Literal["offline", "openai", "anthropic"] = "offline"
    voice_provider: Literal["offline", "elevenlabs", "openai", "google"] = "offline"
    image_provider: Literal["offline", "openai", "stability"] = "offline"
    max_drafts: int = Field(3, ge=1, le=10)
    keep_work: bool = False

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

    # notify (WF3): webhooks, e-mail, TikTok, clean-up. Every channel is off until configured.
    webhook_urls: list[str] = []  # receive every job's outcome, besides each job's own URL
    webhook_secret: SecretStr | None = None  # HMAC key; checked in _notify_secrets
    webhook_allow: list[str] = []  # CIDRs admitted past the SSRF guard (e.g. "10.1.0.0/16")
    webhook_timeout_s: float = Field(10.0, gt=0, le=120)
    webhook_total_s: float = Field(60.0, gt=0, le=3600)
    webhook_backoff_s: float = Field(1.0, gt=0, le=300)
    smtp_host: str | None = None
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "grimreel <grimreel@localhost>"
    smtp_ca_file: Path | None = None  # trust this CA bundle too (a private mail relay)
    smtp_timeout_s: float = Field(30.0, gt=0, le=600)
    tiktok_access_token: SecretStr | None = None
    tiktok_base_url: str = "https://open.tiktokapis.com"
    tiktok_mode: Literal["direct", "draft"] = "draft"
    tiktok_privacy: Literal[
        "PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"
    ] = "SELF_ONLY"
    tiktok_chunk_mb: int = Field(10, ge=5, le=64)
    tiktok_poll_s: float = Field(3.0, gt=0, le=60)  # status fetch allows 30 requests/min
    tiktok_timeout_s: float = Field(600.0, gt=0, le=3600)
    tiktok_attempts: int = Field(4, ge=1, le=10)
    tiktok_backoff_s: float = Field(2.0, gt=0, le=120)
    notify_keep_work: Literal["none", "failed", "all"] = "failed"

    # render look and sound
    render_pause_s: float = Field(0.45, ge=0, le=3)
    render_crossfade_s: float = Field(0.45, ge=0, le=2)
    render_title_card: bool = True
    render_music_path: Path | None = None  # a file, or a folder to pick from by job; else a drone
    render_music_db: float = Field(-14.0, ge=-40, le=0)
    render_voice_pitch_semitones: float = Field(-2.0, ge=-6, le=6)
    render_voice_echo: bool = True
    render_loudness_lufs: float = Field(-14.0, ge=-30, le=-6)

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

    @field_validator("webhook_urls")
    @classmethod
    def _webhook_urls(cls, v: list[str]) -> list[str]:
        bad = [u for u in v if not re.fullmatch(r"https?://[^\s/?#@]+(/\S*)?", u)]
        if bad:
            raise ValueError(f"webhook_urls must be http(s) URLs without credentials, got {bad}")
        return v

    @field_validator("webhook_allow")
    @classmethod
    def _webhook_allow(cls, v: list[str]) -> list[str]:
        for net in v:
            try:
                ipaddress.ip_network(net, strict=False)
            except ValueError:
                msg = f"webhook_allow entries must be IPs or CIDRs, got {net!r}"
                raise ValueError(msg) from None
        return v

    @model_validator(mode="after")
    def _notify_secrets(self) -> "Settings":
        # A check across fields: its error carries no input, so no secret reaches the message.
        secret = self.webhook_secret.get_secret_value() if self.webhook_secret else None
        if secret is not None and len(secret) < 16:
            raise ValueError("GRIMREEL_WEBHOOK_SECRET must be at least 16 characters")
        if secret is None and self.webhook_urls:
            raise ValueError("GRIMREEL_WEBHOOK_URLS needs GRIMREEL_WEBHOOK_SECRET to sign with")
        if (self.smtp_username is None) != (self.smtp_password is None):
            raise ValueError("GRIMREEL_SMTP_USERNAME and GRIMREEL_SMTP_PASSWORD go together")
        return self

    @field_validator("smtp_from")
    @classmethod
    def _smtp_from(cls, v: str) -> str:
        if "@" not in email.utils.parseaddr(v)[1] or re.search(r"[\r\n]", v):
            raise ValueError("smtp_from must be an address such as 'grimreel <me@example.com>'")
        return v

    @field_validator("smtp_ca_file")
    @classmethod
    def _smtp_ca(cls, v: Path | None) -> Path | None:
        if v is not None and not v.is_file():
            raise ValueError(f"smtp_ca_file {str(v)!r} is not a readable file")
        return v

    @field_validator("tiktok_base_url")
    @classmethod
    def _tiktok_base(cls, v: str) -> str:
        if not re.fullmatch(r"https?://[^\s/?#@]+/?", v):
            raise ValueError("tiktok_base_url must be a bare http(s) origin (no path, no user)")
        return v.rstrip("/")

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
