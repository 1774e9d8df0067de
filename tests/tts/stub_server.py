"""A scripted HTTP stub on 127.0.0.1 that speaks a provider's API, for the real SDKs to call.

Each request takes the next mode from ``script`` (then "ok" for ever):
  ok         the provider's good answer (built by the test's ``answer`` function)
  429        rate limited, with Retry-After: ``retry_after`` seconds
  500        a server error
  400        a refusal (bad request)
  timeout    no answer for ``stall_s`` seconds (longer than the client's per-call timeout)
  garbage    200 with a body that is not JSON
  broken     200 with well-formed JSON whose payload is unusable (``broken`` function)
"""

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

Answer = Callable[[web.Request, bytes], Awaitable[web.StreamResponse]]


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class StubServer:
    answer: Answer
    broken: Answer | None = None
    script: list[str] = field(default_factory=list)
    retry_after: str = "1"
    stall_s: float = 5.0
    delay_s: float = 0.0  # every answer waits this long (to see how many calls overlap)
    seen: list[Seen] = field(default_factory=list)
    url: str = ""
    inflight: int = 0
    peak: int = 0  # most requests in progress at once

    @property
    def calls(self) -> int:
        return len(self.seen)

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        self.inflight += 1
        self.peak = max(self.peak, self.inflight)
        try:
            if self.delay_s:
                await asyncio.sleep(self.delay_s)
            return await self._respond(request)
        finally:
            self.inflight -= 1

    async def _respond(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        self.seen.append(Seen(request.method, request.path, dict(request.headers), body))
        mode = self.script.pop(0) if self.script else "ok"
        if mode == "429":
            return _error(429, "rate_limit_exceeded", {"Retry-After": self.retry_after})
        if mode == "500":
            return _error(500, "internal error")
        if mode == "400":
            return _error(400, "invalid_request: this request is refused")
        if mode == "timeout":
            await asyncio.sleep(self.stall_s)
        if mode == "garbage":
            return web.Response(text="{this is not json", content_type="application/json")
        if mode == "broken" and self.broken is not None:
            return await self.broken(request, body)
        return await self.answer(request, body)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    doc = {"error": {"message": message, "code": status, "type": "stub"}}
    return web.Response(
        status=status, text=json.dumps(doc), content_type="application/json", headers=headers
    )


@asynccontextmanager
async def serving(stub: StubServer) -> AsyncIterator[StubServer]:
    app = web.Application(client_max_size=32 * 1024 * 1024)
    app.router.add_route("*", "/{tail:.*}", stub._dispatch)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    stub.url = f"http://127.0.0.1:{port}"
    try:
        yield stub
    finally:
        await runner.cleanup()


def json_answer(doc: Any) -> web.Response:
    return web.Response(text=json.dumps(doc), content_type="application/json")
