"""A webhook endpoint for the tests: checks every signature, answers from a script."""

import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from services.notify.engine.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify

SECRET = b"test-signing-secret-0123456789"


@dataclass
class Receiver:
    """A webhook endpoint that checks every signature and answers from a script."""

    url: str = ""
    script: list[int] = field(default_factory=list)  # statuses to answer first, then 200
    redirect_to: str | None = None
    retry_after: str | None = None  # sent with every scripted (non-200) answer
    hits: list[dict[str, Any]] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        signed = verify(
            SECRET,
            request.headers.get(TIMESTAMP_HEADER, ""),
            body,
            request.headers.get(SIGNATURE_HEADER, ""),
        )
        self.hits.append(
            {
                "headers": dict(request.headers),
                "body": body,
                "signed": signed,
                "at": time.monotonic(),
            }
        )
        if not signed:
            return web.Response(status=401)
        if self.redirect_to:
            raise web.HTTPFound(self.redirect_to)
        if not self.script:
            return web.Response(status=200)
        wait = {"Retry-After": self.retry_after} if self.retry_after else {}
        return web.Response(status=self.script.pop(0), headers=wait)
