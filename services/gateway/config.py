"""The gateway's settings: the shared Settings plus the HTTP, auth and limit knobs.

A subclass rather than new shared fields: stage processes never need these, and the gateway
still reads one object from the same GRIMREEL_* environment.
"""

from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator

from shared.config import Settings, load_as


class GatewaySettings(Settings):
    gateway_host: str = "127.0.0.1"
    gateway_port: int = Field(8080, ge=0, le=65535)
    gateway_max_body_bytes: int = Field(64 * 1024, ge=1024, le=16 * 1024 * 1024)
    # the URL and each header line; above it a JSON 431/414 (the parser's own limit is 64 KiB)
    gateway_max_header_bytes: int = Field(8 * 1024, ge=1024, le=32 * 1024)
    gateway_request_timeout_s: float = Field(15.0, gt=0, le=600)
    gateway_cors_origins: list[str] = Field(default_factory=list)  # empty: CORS off
    gateway_trust_forwarded_for: bool = False  # only behind a proxy that sets it
    gateway_sse_heartbeat_s: float = Field(15.0, gt=0, le=300)
    # how often the gateway fails the paused jobs nobody approved in time
    gateway_approval_sweep_s: float = Field(30.0, gt=0, le=3600)
    gateway_ingress: bool = True
    gateway_ingress_prefetch: int = Field(16, ge=1, le=1000)

    # token buckets: sustained requests per second and burst, per subject and per client IP
    gateway_rate_per_s: float = Field(5.0, gt=0)
    gateway_rate_burst: int = Field(20, ge=1)
    gateway_ip_rate_per_s: float = Field(20.0, gt=0)
    gateway_ip_rate_burst: int = Field(60, ge=1)
    gateway_max_active_jobs: int = Field(5, ge=1)  # queued or running, per subject

    # JWT bearer auth: one or more verification keys; off only when explicitly disabled
    auth_disabled: bool = False
    auth_hs256_secret: SecretStr | None = None
    auth_public_key_file: Path | None = None  # PEM: RSA → RS256, EC P-256 → ES256
    auth_jwks_file: Path | None = None
    auth_audience: str | None = None
    auth_issuer: str | None = None
    auth_leeway_s: float = Field(0.0, ge=0, le=300)

    @field_validator("auth_hs256_secret")
    @classmethod
    def _secret(cls, v: SecretStr | None) -> SecretStr | None:
        # RFC 7518 §3.2: an HS256 key shorter than the hash output is brute-forceable.
        if v is not None and len(v.get_secret_value().encode()) < 32:
            raise ValueError("auth_hs256_secret must be at least 32 bytes")
        return v

    @field_validator("auth_public_key_file", "auth_jwks_file")
    @classmethod
    def _file(cls, v: Path | None) -> Path | None:
        if v is not None and not v.is_file():
            raise ValueError(f"{v} is not a readable file")
        return v

    @model_validator(mode="after")
    def _some_auth(self) -> "GatewaySettings":
        keys = (self.auth_hs256_secret, self.auth_public_key_file, self.auth_jwks_file)
        if not self.auth_disabled and all(k is None for k in keys):
            raise ValueError(
                "no JWT key configured: set GRIMREEL_AUTH_HS256_SECRET, "
                "GRIMREEL_AUTH_PUBLIC_KEY_FILE or GRIMREEL_AUTH_JWKS_FILE "
                "(or GRIMREEL_AUTH_DISABLED=true for a private, single-user set-up)"
            )
        return self


def load_gateway_settings(**overrides: object) -> GatewaySettings:
    """From the environment; ConfigError with one line per bad value."""
    return load_as(GatewaySettings, **overrides)
