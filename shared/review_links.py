"""Signed review links: a URL that lets whoever holds it approve or reject one paused job
without a token of the API, until the job's approval deadline. Notify puts it in the
webhook and e-mail it sends when a story waits; the gateway checks it. Both read the same
secret (GRIMREEL_REVIEW_LINK_SECRET) and the gateway's public address (GRIMREEL_PUBLIC_URL)."""

import hashlib
import hmac
import time

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

MAC_HEX = 32  # 128 bits of HMAC-SHA256: not guessable, short enough for a URL


class LinkSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_", extra="ignore")

    review_link_secret: SecretStr | None = Field(None, min_length=32)
    public_url: str | None = Field(None, pattern=r"^https?://[^\s]+$")

    def secret(self) -> bytes | None:
        s = self.review_link_secret
        return s.get_secret_value().encode() if s is not None else None


def _mac(secret: bytes, payload: str) -> str:
    return hmac.new(secret, payload.encode(), hashlib.sha256).hexdigest()[:MAC_HEX]


def make_token(secret: bytes, job_id: str, expires: float) -> str:
    payload = f"{job_id}.{int(expires)}"
    return f"{payload}.{_mac(secret, payload)}"


def read_token(secret: bytes, token: str, now: float | None = None) -> str | None:
    """The job id a valid, unexpired token names; None for anything else."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    job_id, expires, mac = parts
    if not hmac.compare_digest(mac, _mac(secret, f"{job_id}.{expires}")):
        return None
    if int(expires) < (time.time() if now is None else now):
        return None
    return job_id


def review_url(settings: LinkSettings, job_id: str, expires: float) -> str | None:
    """The link for a paused job, or None when no secret or public address is configured."""
    secret = settings.secret()
    if secret is None or settings.public_url is None:
        return None
    return f"{settings.public_url.rstrip('/')}/review/{make_token(secret, job_id, expires)}"
