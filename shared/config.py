"""The settings every process shares — transport, state, storage, media, logs — from GRIMREEL_*
environment variables, checked at start. Each stage and each provider owns the rest in its own
settings class (services/<stage>/settings.py, a provider module's own), loaded with ``load_as``."""

from pathlib import Path
from typing import Literal, TypeVar

from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic.fields import FieldInfo
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
    # a message's claim lapses this long after its worker stops refreshing it (a crash, a
    # SIGKILL): until then a redelivered copy waits instead of running twice
    claim_lease_s: float = Field(15.0, gt=0, le=600)

    # metrics: stage processes serve them here (the gateway serves its own at /metrics)
    metrics_port: int | None = Field(None, ge=1, le=65535)
    metrics_host: str = "127.0.0.1"
    queue_metrics_s: float = Field(15.0, gt=0)  # how often queue depths are read
    concurrency: dict[str, int] = {}

    # storage
    storage: Literal["local", "s3"] = "local"
    storage_dir: Path = Path("output")
    s3_bucket: str = "grimreel"
    s3_endpoint_url: str | None = None
    s3_region: str = "us-east-1"
    s3_create_bucket: bool = False
    cache_enabled: bool = True  # reuse narration/pictures made from the same inputs
    url_expiry_s: int = Field(24 * 3600, ge=60, le=7 * 24 * 3600)

    # media
    ffmpeg: str | None = None
    scratch_dir: Path | None = None

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
            got = "" if _secret(model, err["loc"]) else f" (got {err.get('input')!r})"
            lines.append(f"  {name}: {err['msg']}{got}")
        raise ConfigError("invalid configuration:\n" + "\n".join(lines)) from None


def _secret(model: type[BaseSettings], loc: tuple[int | str, ...]) -> bool:
    """Whether a field holds a secret, so its bad value is never echoed into logs."""
    field = model.model_fields.get(str(loc[0]))
    if field is None:  # named by its alias: look the alias up
        field = next((f for f in model.model_fields.values() if str(loc[0]) in _aliases(f)), None)
    hint = str(field.annotation) if field else ""
    return "SecretStr" in hint or any(
        w in str(loc[0]).lower() for w in ("secret", "key", "token", "password")
    )


def _aliases(field: FieldInfo) -> list[str]:
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return [str(a) for a in alias.choices]
    return [str(alias)] if alias else []
