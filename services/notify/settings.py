"""The notify stage's settings: one class per channel (each off until configured) and retention.

Every channel's settings say whether it is enabled and how its calls are pushed (its
``CallPolicy``): the bootstrap builds whichever channels are enabled, by name.

Three channel classes with their validators: ~180 lines, kept together so a channel's
variables are found in one place.
"""

import email.utils
import ipaddress
import math
import re
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.providers import CallPolicy

# Which jobs keep their intermediate files (keys.work): "all" keeps a completed job's scene
# files for a redo (shared/redo.py) to reuse; "failed" keeps only what a dead-letter replay of
# the failed stage needs to resume; final outputs are never deleted here.
KeepWork = Literal["none", "failed", "all"]
Privacy = Literal["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"]
TIKTOK_CALL_S = 60.0  # one API request; a chunk upload gets the whole post's time instead


class ChannelSettings(BaseSettings):
    """What the bootstrap asks of every channel's settings."""

    @property
    def enabled(self) -> bool:
        raise NotImplementedError

    def policy(self) -> CallPolicy:
        raise NotImplementedError


class WebhookSettings(ChannelSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_WEBHOOK_", extra="ignore")

    urls: list[str] = []  # receive every job's outcome, besides each job's own URL
    secret: SecretStr | None = None  # HMAC key; unsigned webhooks are never sent
    allow: list[str] = []  # CIDRs admitted past the SSRF guard (e.g. "10.1.0.0/16")
    timeout_s: float = Field(10.0, gt=0, le=120)  # one attempt
    total_s: float = Field(60.0, gt=0, le=3600)  # every attempt for one URL, waits included
    backoff_s: float = Field(1.0, gt=0, le=300)

    @property
    def enabled(self) -> bool:
        # Global URLs need the secret (checked below), and so does a job's own URL.
        return self.secret is not None

    def policy(self) -> CallPolicy:
        # The total time bounds a delivery (see HttpWebhooks); attempts only stop a receiver
        # that answers Retry-After: 0 from being hammered until then.
        doublings = math.ceil(math.log2(1 + 2 * self.total_s / self.backoff_s))
        return CallPolicy(
            "webhook",
            concurrency=16,  # the guarded session's connection limit
            timeout_s=self.total_s,  # each attempt is timed by its own session (timeout_s)
            attempts=doublings + 2,
            backoff_s=self.backoff_s,
            max_wait_s=self.total_s,
        )

    @field_validator("urls")
    @classmethod
    def _urls(cls, v: list[str]) -> list[str]:
        bad = [u for u in v if not re.fullmatch(r"https?://[^\s/?#@]+(/\S*)?", u)]
        if bad:
            raise ValueError(f"webhook_urls must be http(s) URLs without credentials, got {bad}")
        return v

    @field_validator("allow")
    @classmethod
    def _allow(cls, v: list[str]) -> list[str]:
        for net in v:
            try:
                ipaddress.ip_network(net, strict=False)
            except ValueError:
                msg = f"webhook_allow entries must be IPs or CIDRs, got {net!r}"
                raise ValueError(msg) from None
        return v

    @model_validator(mode="after")
    def _signed(self) -> "WebhookSettings":
        # A check across fields: its error carries no input, so no secret reaches the message.
        secret = self.secret.get_secret_value() if self.secret else None
        if secret is not None and len(secret) < 16:
            raise ValueError("GRIMREEL_WEBHOOK_SECRET must be at least 16 characters")
        if secret is None and self.urls:
            raise ValueError("GRIMREEL_WEBHOOK_URLS needs GRIMREEL_WEBHOOK_SECRET to sign with")
        return self


class SmtpSettings(ChannelSettings):
    model_config = SettingsConfigDict(
        env_prefix="GRIMREEL_SMTP_", extra="ignore", populate_by_name=True
    )

    host: str | None = None
    port: int = Field(587, ge=1, le=65535)
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str | None = None
    password: SecretStr | None = None
    # `from` is a keyword: the field is from_, the variable stays GRIMREEL_SMTP_FROM.
    from_: str = Field(
        "grimreel <grimreel@localhost>", validation_alias=AliasChoices("GRIMREEL_SMTP_FROM")
    )
    ca_file: Path | None = None  # trust this CA bundle too (a private mail relay)
    timeout_s: float = Field(30.0, gt=0, le=600)

    @property
    def enabled(self) -> bool:
        return bool(self.host)

    def policy(self) -> CallPolicy:
        return CallPolicy("smtp", timeout_s=self.timeout_s, attempts=1)

    @field_validator("ca_file")
    @classmethod
    def _ca(cls, v: Path | None) -> Path | None:
        if v is not None and not v.is_file():
            raise ValueError(f"smtp_ca_file {str(v)!r} is not a readable file")
        return v

    @model_validator(mode="after")
    def _sender_and_login(self) -> "SmtpSettings":
        # Checked here, not in a field validator, so the message names GRIMREEL_SMTP_FROM
        # rather than the alias the error location would carry.
        if "@" not in email.utils.parseaddr(self.from_)[1] or re.search(r"[\r\n]", self.from_):
            raise ValueError(
                "GRIMREEL_SMTP_FROM: smtp_from must be an address such as "
                "'grimreel <me@example.com>'"
            )
        if (self.username is None) != (self.password is None):
            raise ValueError("GRIMREEL_SMTP_USERNAME and GRIMREEL_SMTP_PASSWORD go together")
        return self


class TiktokSettings(ChannelSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_TIKTOK_", extra="ignore")

    access_token: SecretStr | None = None
    base_url: str = "https://open.tiktokapis.com"
    mode: Literal["direct", "draft"] = "draft"
    privacy: Privacy = "SELF_ONLY"
    chunk_mb: int = Field(10, ge=5, le=64)
    poll_s: float = Field(3.0, gt=0, le=60)  # status fetch allows 30 requests/min
    timeout_s: float = Field(600.0, gt=0, le=3600)  # the whole post
    attempts: int = Field(4, ge=1, le=10)
    backoff_s: float = Field(2.0, gt=0, le=120)

    @property
    def enabled(self) -> bool:
        return self.access_token is not None

    def policy(self, timeout_s: float = TIKTOK_CALL_S) -> CallPolicy:
        return CallPolicy(
            "tiktok", timeout_s=timeout_s, attempts=self.attempts, backoff_s=self.backoff_s
        )

    @field_validator("base_url")
    @classmethod
    def _base(cls, v: str) -> str:
        if not re.fullmatch(r"https?://[^\s/?#@]+/?", v):
            raise ValueError("tiktok_base_url must be a bare http(s) origin (no path, no user)")
        return v.rstrip("/")


class NotifySettings(BaseSettings):
    """Retention of a job's intermediate files; GRIMREEL_KEEP_WORK=true (older) keeps all."""

    model_config = SettingsConfigDict(env_prefix="GRIMREEL_", extra="ignore")

    notify_keep_work: KeepWork = "all"
    keep_work: bool = False

    @property
    def keeps(self) -> KeepWork:
        return "all" if self.keep_work else self.notify_keep_work
