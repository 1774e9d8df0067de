"""Hosted image APIs spoken over aiohttp: answers read the way the call policy needs them.

A non-2xx answer becomes ``HttpStatus`` and ``classify`` turns it, and aiohttp's connection
errors, into a ``Failure``, so 429 with Retry-After, 5xx and refusals are read as for every
other provider (``shared.providers.http``). Used by the REST providers (stability, pexels).
"""

import json
from collections.abc import Mapping
from typing import Any

import aiohttp

from shared.providers import Failure, Malformed, status_failure


class HttpStatus(Exception):
    def __init__(self, status: int, detail: str, headers: Mapping[str, str]) -> None:
        super().__init__(f"HTTP {status}: {detail}")
        self.status, self.detail, self.headers = status, detail, headers


async def body(r: aiohttp.ClientResponse) -> bytes:
    """The body of a 2xx answer; HttpStatus for any other."""
    raw = await r.read()
    if not 200 <= r.status < 300:
        raise HttpStatus(r.status, raw[:300].decode("utf-8", "replace"), r.headers)
    return raw


async def json_object(r: aiohttp.ClientResponse) -> dict[str, Any]:
    """The JSON object of a 2xx answer; Malformed when it is not one."""
    raw = await body(r)
    try:
        doc = json.loads(raw)
    except ValueError:
        raise Malformed("the answer is not JSON") from None
    if not isinstance(doc, dict):
        raise Malformed("the answer is not a JSON object")
    return doc


def classify(e: BaseException) -> Failure | None:
    if isinstance(e, HttpStatus):
        return status_failure(e.status, e.detail, e.headers)
    if isinstance(e, aiohttp.ClientError):
        return Failure(True, f"connection failed ({type(e).__name__}: {e})")
    return None
