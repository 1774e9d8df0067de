"""The TikTok channel: a finished video posted directly or sent to the creator's inbox as a
draft, uploaded as FILE_UPLOAD in chunks, then its status polled until TikTok is done."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

import aiohttp

from services.notify.engine.chunks import MB, ChunkPlan, plan
from services.notify.engine.tiktok_api import TikTokApi
from services.notify.protocols import Post, PostResult
from services.notify.settings import TiktokSettings
from shared.providers import CallPolicy, Kit, Malformed, Provider, ProviderRefused

CREATOR_INFO = "/v2/post/publish/creator_info/query/"
DIRECT_INIT = "/v2/post/publish/video/init/"
INBOX_INIT = "/v2/post/publish/inbox/video/init/"
STATUS = "/v2/post/publish/status/fetch/"
DONE = {"direct": "PUBLISH_COMPLETE", "draft": "SEND_TO_USER_INBOX"}
MAX_TITLE = 2200  # TikTok counts UTF-16 code units

PIECE = 1024 * 1024


async def _stream(path: Path, first: int, last: int) -> AsyncIterator[bytes]:
    """One chunk read in 1 MB pieces: a 64 MB chunk never sits in memory at once."""
    f = await asyncio.to_thread(path.open, "rb")
    try:
        await asyncio.to_thread(f.seek, first)
        left = last - first + 1
        while left > 0:
            piece = await asyncio.to_thread(f.read, min(PIECE, left))
            if not piece:
                raise OSError(f"{path.name} is shorter than the size announced to TikTok")
            left -= len(piece)
            yield piece
    finally:
        await asyncio.to_thread(f.close)


def _title(caption: str) -> str:
    units = caption.encode("utf-16-le")
    return units[: MAX_TITLE * 2].decode("utf-16-le", errors="ignore")


def _refused(code: str, message: str = "") -> ProviderRefused:
    return ProviderRefused(f"tiktok: {code}: {message}" if message else f"tiktok: {code}")


class TikTokPoster:
    def __init__(
        self,
        settings: TiktokSettings,
        calls: CallPolicy | None = None,
        uploads: CallPolicy | None = None,
    ) -> None:
        if settings.access_token is None:
            raise ValueError("posting needs GRIMREEL_TIKTOK_ACCESS_TOKEN")
        self._token = settings.access_token.get_secret_value()
        self.base_url, self.mode, self.privacy = settings.base_url, settings.mode, settings.privacy
        self.chunk_bytes, self.poll_s = settings.chunk_mb * MB, settings.poll_s
        self.timeout_s = settings.timeout_s
        self.calls = calls or settings.policy()
        self.uploads = uploads or settings.policy(timeout_s=settings.timeout_s)

    def __repr__(self) -> str:  # the token never appears in a repr
        return f"TikTokPoster({self.base_url}, mode={self.mode})"

    async def post(
        self, post: Post, started: Callable[[str], Awaitable[None]] | None = None
    ) -> PostResult:
        chunks = plan(post.video.stat().st_size, self.chunk_bytes)
        # No session timeout: each request is timed by its call policy.
        no_limit = aiohttp.ClientTimeout()
        async with (
            asyncio.timeout(self.timeout_s),
            aiohttp.ClientSession(timeout=no_limit) as session,
        ):
            api = TikTokApi(session, self.base_url, self._token, self.calls, self.uploads)
            if self.mode == "direct":
                info = await api.call(CREATOR_INFO)
                post_info = self._post_info(info, post)
                body = {"post_info": post_info, "source_info": chunks.source_info()}
                data = await api.call(DIRECT_INIT, body)
            else:
                data = await api.call(INBOX_INIT, {"source_info": chunks.source_info()})
            publish_id, upload_url = data.get("publish_id"), data.get("upload_url")
            if not isinstance(publish_id, str) or not isinstance(upload_url, str):
                raise Malformed("tiktok: init gave no publish_id/upload_url")
            if started is not None:
                await started(publish_id)
            await self._upload(api, post.video, chunks, upload_url)
            return PostResult(publish_id, await self._wait(api, publish_id), self.mode)

    def _post_info(self, info: dict[str, Any], post: Post) -> dict[str, Any]:
        allowed = info.get("privacy_level_options") or []
        privacy = self.privacy if self.privacy in allowed else "SELF_ONLY"
        if privacy not in allowed:  # only ever fall back to more private, never less
            raise _refused("privacy_level_not_allowed", f"creator allows {allowed}")
        limit = info.get("max_video_post_duration_sec")
        if isinstance(limit, int | float) and post.duration_s > limit:
            raise _refused("duration_too_long", f"{post.duration_s:.0f}s > {limit}s")
        return {
            "title": _title(post.caption),
            "privacy_level": privacy,
            # The creator's own settings win: a post may not re-enable what they turned off.
            "disable_duet": bool(info.get("duet_disabled")),
            "disable_comment": bool(info.get("comment_disabled")),
            "disable_stitch": bool(info.get("stitch_disabled")),
            "video_cover_timestamp_ms": 1000,
        }

    async def _upload(self, api: TikTokApi, video: Path, chunks: ChunkPlan, url: str) -> None:
        for first, last in chunks.ranges():  # sequential: TikTok wants the chunks in order
            body = partial(_stream, video, first, last)
            await api.put_chunk(url, body, first, last, chunks.size)

    async def _wait(self, api: TikTokApi, publish_id: str) -> str:
        while True:
            data = await api.call(STATUS, {"publish_id": publish_id})
            status = str(data.get("status", ""))
            if status == DONE[self.mode] or status == "PUBLISH_COMPLETE":
                return status
            if status == "FAILED":
                raise _refused(str(data.get("fail_reason") or "publish_failed"))
            await asyncio.sleep(self.poll_s)


def _make(settings: TiktokSettings, kit: Kit) -> TikTokPoster:
    return TikTokPoster(settings, kit.policy)


PROVIDER = Provider(
    kind="channel",
    name="tiktok",
    settings=TiktokSettings,
    factory=_make,
    summary="posts the finished video to TikTok (direct or as an inbox draft), at most once",
)
