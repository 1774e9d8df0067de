"""A local HTTP server on 127.0.0.1 that answers like a provider's API, from a script.

Each test lists the replies in order (a good answer, a 429 with Retry-After, a slow answer
that outlives the client's timeout, ...); the real SDK talks to it over HTTP, and the server
records what arrived and when, so tests can check the requests as well as the outcome.
"""

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict: sent as JSON; str: as it is; callable: made from the request
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


@dataclass
class Seen:
    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    at: float


class StubAPI:
    def __init__(self, replies: list[Reply]) -> None:
        self.replies = list(replies)
        self.seen: list[Seen] = []
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        body = json.loads(raw) if raw else {}
        self.seen.append(Seen(request.path, body, dict(request.headers), time.monotonic()))
        if not self.replies:
            return web.json_response({"error": {"message": "stub has no reply left"}}, status=599)
        reply = self.replies.pop(0)
        if reply.delay_s:
            await asyncio.sleep(reply.delay_s)
        if callable(reply.body):
            return web.json_response(reply.body(body), status=reply.status, headers=reply.headers)
        if isinstance(reply.body, str):
            return web.Response(
                status=reply.status,
                text=reply.body,
                headers=reply.headers,
                content_type="application/json",
            )
        return web.json_response(reply.body or {}, status=reply.status, headers=reply.headers)

    async def __aenter__(self) -> "StubAPI":
        app = web.Application()
        app.router.add_route("POST", "/{tail:.*}", self._answer)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    def gaps(self) -> list[float]:
        """Seconds between consecutive requests."""
        return [b.at - a.at for a, b in zip(self.seen, self.seen[1:], strict=False)]
