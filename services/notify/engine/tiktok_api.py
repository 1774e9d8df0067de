"""The TikTok Content Posting API over HTTP: its error envelope and chunk PUTs, every request
through a call policy (429/5xx and connection errors retried, Retry-After honoured: init
allows 6 requests a minute per token).

A refusal is a ``ProviderRefused`` whose message starts with the HTTP status and TikTok's own
error code (``HTTP 401: access_token_invalid: ...``); retries used up, ``ProviderUnavailable``.
"""

import json
from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import Any

import aiohttp

from shared.providers import CallPolicy, Failure, Malformed, status_failure

Body = Callable[[], AsyncIterator[bytes]]
UPLOADED = frozenset({200, 201, 206})


def _json(raw: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(raw)
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


def classify(e: BaseException) -> Failure | None:
    if isinstance(e, aiohttp.ClientResponseError):
        return status_failure(e.status, e.message, e.headers)
    if isinstance(e, aiohttp.ClientError):
        return Failure(True, f"{type(e).__name__}: {e}"[:300])
    return None


def _refused(resp: aiohttp.ClientResponse, detail: str) -> aiohttp.ClientResponseError:
    return aiohttp.ClientResponseError(
        resp.request_info, resp.history, status=resp.status, message=detail, headers=resp.headers
    )


def _detail(error: object) -> str:
    """TikTok's error code and message; a bare status page has neither."""
    if not isinstance(error, dict):
        return "no error envelope"
    code, message = str(error.get("code", "")), str(error.get("message", ""))[:300]
    return f"{code}: {message}" if message else code


class TikTokApi:
    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str,
        token: str,
        calls: CallPolicy,
        uploads: CallPolicy,  # a chunk may take far longer than an API call
    ) -> None:
        self.session, self.base_url, self._token = session, base_url.rstrip("/"), token
        self.calls, self.uploads = calls, uploads

    async def call(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """POST to an endpoint; the ``data`` object of its answer."""
        return await self.calls.run(partial(self._post, path, body), classify)

    async def put_chunk(
        self, upload_url: str, body: Body, first: int, last: int, total: int
    ) -> int:
        """PUT bytes first..last (inclusive); ``body`` makes a fresh stream for each attempt."""
        put = partial(self._put, upload_url, body, first, last, total)
        return await self.uploads.run(put, classify)

    async def _post(self, path: str, body: dict[str, Any] | None) -> dict[str, Any]:
        headers = {
            "Authorization": f"Bearer {self._token}",
            "Content-Type": "application/json; charset=UTF-8",
        }
        async with self.session.post(self.base_url + path, json=body, headers=headers) as resp:
            payload = _json(await resp.read())
            error, data = payload.get("error"), payload.get("data")
            ok = not isinstance(error, dict) or error.get("code", "ok") == "ok"
            if resp.status == 200 and ok:
                if isinstance(data, dict):
                    return data
                raise Malformed("the answer has no data object")
            raise _refused(resp, _detail(error))

    async def _put(self, url: str, body: Body, first: int, last: int, total: int) -> int:
        headers = {
            "Content-Type": "video/mp4",
            "Content-Length": str(last - first + 1),  # explicit: streamed, never chunked
            "Content-Range": f"bytes {first}-{last}/{total}",
        }
        async with self.session.put(url, data=body(), headers=headers) as resp:
            if resp.status in UPLOADED:
                return resp.status
            raise _refused(resp, f"chunk {first}-{last} refused")
