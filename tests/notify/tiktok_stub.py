"""A local stand-in for TikTok's Content Posting API: the endpoints, envelope and chunk rules."""

import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

CREATOR = "/v2/post/publish/creator_info/query/"
DIRECT = "/v2/post/publish/video/init/"
INBOX = "/v2/post/publish/inbox/video/init/"
STATUS = "/v2/post/publish/status/fetch/"
TOKEN = "act.test-token"


def _error(
    status: int, code: str, message: str = "", headers: dict[str, str] | None = None
) -> web.Response:
    body = {"data": {}, "error": {"code": code, "message": message, "log_id": "stub-log"}}
    return web.json_response(body, status=status, headers=headers)


def _ok(data: dict[str, Any]) -> web.Response:
    return web.json_response({"data": data, "error": {"code": "ok", "message": "", "log_id": "x"}})


@dataclass
class TikTokStub:
    base_url: str = ""
    script: dict[str, list[int]] = field(default_factory=dict)  # path → statuses to fail with
    statuses: list[str] = field(default_factory=lambda: ["PROCESSING_UPLOAD", "PUBLISH_COMPLETE"])
    privacy_options: list[str] = field(default_factory=lambda: ["SELF_ONLY", "PUBLIC_TO_EVERYONE"])
    retry_after: str | None = None  # sent with every scripted failure
    calls: list[str] = field(default_factory=list)
    call_times: list[float] = field(default_factory=list)
    init_body: dict[str, Any] | None = None
    ranges: list[str] = field(default_factory=list)
    received: bytearray = field(default_factory=bytearray)

    def _gate(self, request: web.Request) -> web.Response | None:
        self.calls.append(f"{request.method} {request.path}")
        self.call_times.append(time.monotonic())
        if request.path.startswith("/v2/") and request.headers.get("Authorization") != (
            f"Bearer {TOKEN}"
        ):
            return _error(401, "access_token_invalid", "The access token is invalid.")
        queued = self.script.get(request.path) or []
        if queued:
            status = queued.pop(0)
            code = "rate_limit_exceeded" if status == 429 else "internal_error"
            wait = {"Retry-After": self.retry_after} if self.retry_after else None
            return _error(status, code, headers=wait)
        return None

    async def creator(self, request: web.Request) -> web.Response:
        if refused := self._gate(request):
            return refused
        return _ok(
            {
                "creator_username": "lighthouse",
                "privacy_level_options": self.privacy_options,
                "comment_disabled": False,
                "duet_disabled": True,
                "stitch_disabled": False,
                "max_video_post_duration_sec": 600,
            }
        )

    async def init(self, request: web.Request) -> web.Response:
        if refused := self._gate(request):
            return refused
        self.init_body = await request.json()
        src = self.init_body["source_info"]
        if src["source"] != "FILE_UPLOAD" or src["total_chunk_count"] < 1:
            return _error(400, "invalid_params", "bad source_info")
        return _ok({"publish_id": "v_pub_file~v2.123", "upload_url": f"{self.base_url}/upload/1"})

    async def upload(self, request: web.Request) -> web.Response:
        if refused := self._gate(request):
            return refused
        if "Transfer-Encoding" in request.headers or "Content-Length" not in request.headers:
            return web.Response(status=411)  # each chunk must announce its exact length
        data = await request.read()
        rng = request.headers.get("Content-Range", "")
        first, last, total = (
            int(x) for x in rng.removeprefix("bytes ").replace("/", "-").split("-")
        )
        if first != len(self.received) or last - first + 1 != len(data):
            return web.Response(status=416)
        self.ranges.append(rng)
        self.received += data
        return web.Response(status=201 if len(self.received) == total else 206)

    async def status(self, request: web.Request) -> web.Response:
        if refused := self._gate(request):
            return refused
        body = await request.json()
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        data: dict[str, Any] = {"status": status, "publish_id": body["publish_id"]}
        if status == "FAILED":
            data["fail_reason"] = "spam_risk_too_many_posts"
        return _ok(data)


async def start_tiktok() -> tuple[TikTokStub, TestServer]:
    stub = TikTokStub()
    app = web.Application(client_max_size=200 * 1024 * 1024)
    app.router.add_post(CREATOR, stub.creator)
    app.router.add_post(DIRECT, stub.init)
    app.router.add_post(INBOX, stub.init)
    app.router.add_post(STATUS, stub.status)
    app.router.add_put("/upload/1", stub.upload)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    stub.base_url = str(server.make_url("")).rstrip("/")
    return stub, server
