"""The webhook channel: each outcome signed (HMAC-SHA256) and POSTed to every URL through the
SSRF-guarded session, retried by the call policy within a total time per URL.

A delivery never raises for a URL that fails: what the last attempt saw (a status, an error)
is reported as the URL's ``Delivery`` and recorded on the job's timeline.
"""

import asyncio
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver

from services.notify.engine.guard import AddressPolicy, blocked_cause, guarded_session
from services.notify.engine.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from services.notify.protocols import Delivery, DeliveryStatus
from services.notify.settings import WebhookSettings
from services.notify.targets import check_url
from shared.providers import (
    CallPolicy,
    Failure,
    Kit,
    Provider,
    ProviderRefused,
    ProviderUnavailable,
    status_failure,
)

USER_AGENT = "grimreel-webhooks/1"


def body_of(event: Mapping[str, Any]) -> bytes:
    """The exact bytes that are signed and sent: compact, key-sorted JSON."""
    return json.dumps(event, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


def failure_of(e: BaseException) -> Failure | None:
    """How one attempt's error is treated; None for anything but a delivery error (a bug)."""
    if blocked := blocked_cause(e):
        return Failure(False, str(blocked))
    if isinstance(e, aiohttp.ClientResponseError):
        if 300 <= e.status < 400:  # a redirect could point anywhere, past the guard's intent
            return Failure(False, "redirect not followed")
        return status_failure(e.status, e.message, e.headers)
    if isinstance(e, aiohttp.ClientError | OSError):  # OSError covers TimeoutError
        return Failure(True, f"{type(e).__name__}: {e}"[:300])
    return None


@dataclass
class Tally:
    """One URL's attempts, and what the last one that finished saw (an attempt cut short by
    the total time leaves the one before it as the answer to report)."""

    attempts: int = 0
    code: int | None = None
    failure: Failure | None = None

    def outcome(self, url: str) -> Delivery:
        if self.failure is None:
            return Delivery(url, "failed", self.attempts, self.code, "no answer in time")
        # Refused: the guard or a redirect stopped it, the receiver never judged the event.
        final = not self.failure.retry and (self.code is None or 300 <= self.code < 400)
        status: DeliveryStatus = "refused" if final else "failed"
        return Delivery(url, status, self.attempts, self.code, self.failure.reason)


class HttpWebhooks:
    def __init__(
        self,
        settings: WebhookSettings,
        policy: CallPolicy | None = None,
        resolver: AbstractResolver | None = None,  # tests inject a rebinding resolver here
    ) -> None:
        if settings.secret is None:
            raise ValueError("webhooks are always signed: set GRIMREEL_WEBHOOK_SECRET")
        self._secret = settings.secret.get_secret_value().encode()
        self.guard = AddressPolicy.from_strings(settings.allow)
        self.timeout_s, self.total_s = settings.timeout_s, settings.total_s
        self.policy = policy or settings.policy()
        self.resolver = resolver

    async def deliver(self, urls: Sequence[str], event: Mapping[str, Any]) -> list[Delivery]:
        body = body_of(event)
        async with guarded_session(self.guard, self.timeout_s, self.resolver) as session:
            return list(await asyncio.gather(*(self._one(session, u, body) for u in urls)))

    async def _one(self, session: aiohttp.ClientSession, url: str, body: bytes) -> Delivery:
        if problem := check_url(url):
            return Delivery(url, "refused", 0, error=problem)
        tally = Tally()
        attempt = partial(self._attempt, session, url, body, tally)
        try:
            # The policy's attempts and Retry-After bound fit inside this; a backoff that
            # would end past it is cut here, with the last answer as the outcome.
            async with asyncio.timeout(self.total_s):
                code = await self.policy.run(attempt, failure_of)
        except (ProviderRefused, ProviderUnavailable, TimeoutError):
            return tally.outcome(url)
        return Delivery(url, "delivered", tally.attempts, code)

    async def _attempt(
        self, session: aiohttp.ClientSession, url: str, body: bytes, tally: Tally
    ) -> int:
        tally.attempts += 1
        ts = int(time.time())
        # Only values computed here go into headers: nothing from the job or the event.
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            TIMESTAMP_HEADER: str(ts),
            SIGNATURE_HEADER: sign(self._secret, ts, body),
        }
        try:
            async with session.post(url, data=body, headers=headers, allow_redirects=False) as r:
                if r.status >= 300:
                    why = r.reason or ""
                    raise aiohttp.ClientResponseError(
                        r.request_info, r.history, status=r.status, message=why, headers=r.headers
                    )
                tally.code, tally.failure = r.status, None
                return r.status
        except Exception as e:
            tally.code = e.status if isinstance(e, aiohttp.ClientResponseError) else None
            tally.failure = failure_of(e)
            raise


def _make(settings: WebhookSettings, kit: Kit) -> HttpWebhooks:
    return HttpWebhooks(settings, kit.policy)


PROVIDER = Provider(
    kind="channel",
    name="webhook",
    settings=WebhookSettings,
    factory=_make,
    summary="signed JSON POSTs to the operator's URLs and each job's own, SSRF-guarded",
)
