"""Signed webhook delivery with exponential backoff inside a bounded total time."""

import asyncio
import json
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver

from services.notify.protocols import Delivery
from services.notify.engine.guard import AddressPolicy, blocked_cause, guarded_session
from services.notify.engine.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from services.notify.targets import check_url

RETRY_CODES = frozenset({408, 425, 429, 500, 502, 503, 504})
USER_AGENT = "grimreel-webhooks/1"


@dataclass(frozen=True)
class Attempt:
    code: int | None = None
    error: str | None = None
    retry: bool = False
    refused: bool = False
    wait_s: float | None = None  # the receiver's Retry-After, in seconds


def body_of(event: Mapping[str, Any]) -> bytes:
    """The exact bytes that are signed and sent: compact, key-sorted JSON."""
    return json.dumps(event, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


class HttpWebhooks:
    def __init__(
        self,
        secret: bytes,
        policy: AddressPolicy,
        *,
        timeout_s: float = 10.0,
        total_s: float = 60.0,
        backoff_s: float = 1.0,
        resolver: AbstractResolver | None = None,  # tests inject a rebinding resolver here
    ) -> None:
        self.secret, self.policy = secret, policy
        self.timeout_s, self.total_s, self.backoff_s = timeout_s, total_s, backoff_s
        self.resolver = resolver

    async def deliver(self, urls: Sequence[str], event: Mapping[str, Any]) -> list[Delivery]:
        body = body_of(event)
        async with guarded_session(self.policy, self.timeout_s, self.resolver) as session:
            return list(await asyncio.gather(*(self._one(session, u, body) for u in urls)))

    async def _one(self, session: aiohttp.ClientSession, url: str, body: bytes) -> Delivery:
        if problem := check_url(url):
            return Delivery(url, "refused", 0, error=problem)
        deadline = time.monotonic() + self.total_s
        delay, n = self.backoff_s, 0
        while True:
            n += 1
            left = deadline - time.monotonic()
            got = await self._attempt(session, url, body, min(self.timeout_s, max(left, 0.01)))
            if got.code is not None and 200 <= got.code < 300:
                return Delivery(url, "delivered", n, got.code)
            # Jitter keeps many notify workers from retrying a recovering receiver in step.
            wait = max(delay * random.uniform(0.8, 1.2), got.wait_s or 0.0)
            if not got.retry or time.monotonic() + wait >= deadline:
                status = "refused" if got.refused else "failed"
                return Delivery(url, status, n, got.code, got.error)
            await asyncio.sleep(wait)
            delay *= 2

    async def _attempt(
        self, session: aiohttp.ClientSession, url: str, body: bytes, timeout_s: float
    ) -> Attempt:
        ts = int(time.time())
        # Only values computed here go into headers: nothing from the job or the event.
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            TIMESTAMP_HEADER: str(ts),
            SIGNATURE_HEADER: sign(self.secret, ts, body),
        }
        try:
            async with session.post(
                url,
                data=body,
                headers=headers,
                allow_redirects=False,  # a redirect could point anywhere, past the guard's intent
                timeout=aiohttp.ClientTimeout(total=timeout_s),
            ) as resp:
                code = resp.status
                retry_after = resp.headers.get("Retry-After", "")
        except (aiohttp.ClientError, TimeoutError, OSError) as e:
            if blocked := blocked_cause(e):
                return Attempt(error=str(blocked), refused=True)
            return Attempt(error=f"{type(e).__name__}: {e}"[:300], retry=True)
        if 300 <= code < 400:
            return Attempt(code, "redirect not followed", refused=True)
        if code >= 300:
            wait = float(retry_after) if retry_after.isdigit() else None
            return Attempt(code, f"HTTP {code}", retry=code in RETRY_CODES, wait_s=wait)
        return Attempt(code)
