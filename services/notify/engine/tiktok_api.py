"""The TikTok Content Posting API over HTTP: its error envelope, 429/5xx retries, chunk PUTs."""

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp

Body = Callable[[], AsyncIterator[bytes]]
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
CALL_TIMEOUT = aiohttp.ClientTimeout(total=60)
CHUNK_TIMEOUT = aiohttp.ClientTimeout(total=600, sock_read=120)


def _json(raw: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(raw)
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


class TikTokError(Exception):
    """A refusal or failure from TikTok; ``code`` is the API's error code (e.g. spam_risk)."""

    def __init__(self, code: str, message: str = "", http_status: int | None = None) -> None:
        super().__init__(f"{code}: {message}" if message else code)
        self.code, self.http_status = code, http_status


class TikTokApi:
    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str,
        token: str,
        *,
        attempts: int = 4,
        backoff_s: float = 2.0,
    ) -> None:
        self.session, self.base_url, self._token = session, base_url.rstrip("/"), token
        self.attempts, self.backoff_s = attempts, backoff_s

    async def call(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """POST to an endpoint; the ``data`` object on success, TikTokError otherwise."""
        headers = {
            "Authorization": f"Bearer {self._token}",
            "Content-Type": "application/json; charset=UTF-8",
        }
        url = self.base_url + path
        for n in range(1, self.attempts + 1):
            last = n == self.attempts
            try:
                async with self.session.post(
                    url, json=body, headers=headers, timeout=CALL_TIMEOUT
                ) as resp:
                    status, wait = resp.status, resp.headers.get("Retry-After", "")
                    payload = _json(await resp.read())
            except (aiohttp.ClientError, TimeoutError) as e:
                if last:
                    raise TikTokError("unreachable", f"{type(e).__name__}: {e}") from e
                await self._pause(n, "")
                continue
            if status in RETRY_STATUS and not last:
                await self._pause(n, wait)
                continue
            error = payload.get("error")
            code = str(error.get("code", "ok")) if isinstance(error, dict) else "ok"
            if status == 200 and code == "ok" and isinstance(payload.get("data"), dict):
                return payload["data"]
            message = str(error.get("message", "")) if isinstance(error, dict) else ""
            if code == "ok":  # no error code in the envelope: a non-JSON page or a bare status
                code = "malformed_response" if status == 200 else f"http_{status}"
            raise TikTokError(code, message[:300], status)
        raise AssertionError("unreachable")  # the loop returns or raises on its last attempt

    async def put_chunk(
        self, upload_url: str, body: Body, first: int, last: int, total: int
    ) -> int:
        """PUT bytes first..last (inclusive); ``body`` makes a fresh stream for each attempt."""
        headers = {
            "Content-Type": "video/mp4",
            "Content-Length": str(last - first + 1),  # explicit: streamed, never chunked
            "Content-Range": f"bytes {first}-{last}/{total}",
        }
        for n in range(1, self.attempts + 1):
            try:
                async with self.session.put(
                    upload_url, data=body(), headers=headers, timeout=CHUNK_TIMEOUT
                ) as resp:
                    status, wait = resp.status, resp.headers.get("Retry-After", "")
            except (aiohttp.ClientError, TimeoutError) as e:
                if n == self.attempts:
                    raise TikTokError("upload_failed", f"{type(e).__name__}: {e}") from e
                await self._pause(n, "")
                continue
            if status in (200, 201, 206):
                return status
            if status not in RETRY_STATUS or n == self.attempts:
                why = f"chunk {first}-{last} got HTTP {status}"
                raise TikTokError("upload_failed", why, status)
            await self._pause(n, wait)
        raise AssertionError("unreachable")

    async def _pause(self, attempt: int, retry_after: str) -> None:
        # Init allows 6 requests/min per token: honour Retry-After when TikTok sends one.
        delay = self.backoff_s * 2 ** (attempt - 1)
        if retry_after.isdigit():
            delay = max(delay, float(retry_after))
        await asyncio.sleep(delay)
