"""TikTok posting against a local stub of the Content Posting API."""

import itertools
from pathlib import Path

import pytest

from services.notify.engine.chunks import MB, plan
from services.notify.protocols import Post
from services.notify.providers.tiktok import TikTokPoster
from shared.providers import ProviderRefused, ProviderUnavailable
from tests.notify import channel_setup
from tests.notify.tiktok_stub import CREATOR, DIRECT, INBOX, STATUS, TOKEN, TikTokStub


def poster(stub: TikTokStub, token: str = TOKEN, **kw: object) -> TikTokPoster:
    return channel_setup.poster(stub.base_url, token, **kw)


def video(tmp_path: Path, size: int) -> Path:
    path = tmp_path / "video.mp4"
    path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
    return path


@pytest.mark.parametrize(
    ("size", "chunk", "expect"),
    [
        (2 * MB, 10 * MB, (2 * MB, 1)),  # under 5 MB: whole
        (9 * MB, 10 * MB, (9 * MB, 1)),  # within one chunk: whole
        (12 * MB, 5 * MB, (5 * MB, 2)),  # the last chunk takes the 2 MB remainder
        (12 * MB, 1 * MB, (5 * MB, 2)),  # chunk size raised to the 5 MB minimum
        (200 * MB, 100 * MB, (64 * MB, 3)),  # and capped at 64 MB; last = 72 MB
    ],
)
def test_chunk_plans_follow_the_file_upload_rules(size: int, chunk: int, expect) -> None:
    p = plan(size, chunk)
    assert (p.chunk_size, p.count) == expect
    ranges = p.ranges()
    assert ranges[0][0] == 0 and ranges[-1][1] == size - 1
    assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(ranges))
    assert ranges[-1][1] - ranges[-1][0] + 1 <= 128 * MB
    with pytest.raises(ValueError):
        plan(0, chunk)


async def test_direct_post_queries_the_creator_uploads_and_polls(
    tiktok: TikTokStub, tmp_path: Path
) -> None:
    started: list[str] = []

    async def on_start(pid: str) -> None:
        started.append(pid)

    tiktok.statuses = ["PROCESSING_UPLOAD", "PROCESSING_UPLOAD", "PUBLISH_COMPLETE"]
    path = video(tmp_path, 3000)
    post = Post(path, "Knocking Below #horror", 61.0)
    result = await poster(tiktok, mode="direct", privacy="PUBLIC_TO_EVERYONE").post(post, on_start)
    assert (result.status, result.mode) == ("PUBLISH_COMPLETE", "direct")
    assert started == [result.publish_id]
    assert tiktok.calls[:3] == [f"POST {CREATOR}", f"POST {DIRECT}", "PUT /upload/1"]
    assert tiktok.calls.count(f"POST {STATUS}") == 3
    body = tiktok.init_body or {}
    assert body["source_info"] == {
        "source": "FILE_UPLOAD",
        "video_size": 3000,
        "chunk_size": 3000,
        "total_chunk_count": 1,
    }
    info = body["post_info"]
    assert info["privacy_level"] == "PUBLIC_TO_EVERYONE" and info["title"] == post.caption
    assert info["disable_duet"] is True and info["disable_comment"] is False  # creator's choice
    assert tiktok.ranges == ["bytes 0-2999/3000"] and bytes(tiktok.received) == path.read_bytes()


async def test_draft_upload_of_a_chunked_file(tiktok: TikTokStub, tmp_path: Path) -> None:
    tiktok.statuses = ["SEND_TO_USER_INBOX"]
    path = video(tmp_path, 12 * MB + 123)
    result = await poster(tiktok, mode="draft", chunk_mb=5).post(Post(path, "t", 30))
    assert result.status == "SEND_TO_USER_INBOX"
    assert f"POST {CREATOR}" not in tiktok.calls and f"POST {INBOX}" in tiktok.calls
    assert tiktok.ranges == [
        f"bytes 0-{5 * MB - 1}/{12 * MB + 123}",
        f"bytes {5 * MB}-{12 * MB + 122}/{12 * MB + 123}",
    ]
    assert bytes(tiktok.received) == path.read_bytes()


async def test_429_and_5xx_are_retried(tiktok: TikTokStub, tmp_path: Path) -> None:
    tiktok.script = {DIRECT: [429], STATUS: [503, 502], "/upload/1": [500]}
    result = await poster(tiktok, mode="direct").post(Post(video(tmp_path, 1000), "t", 30))
    assert result.status == "PUBLISH_COMPLETE"
    assert tiktok.calls.count(f"POST {DIRECT}") == 2 and tiktok.calls.count("PUT /upload/1") == 2
    assert len(tiktok.received) == 1000


async def test_retry_after_is_honoured(tiktok: TikTokStub, tmp_path: Path) -> None:
    tiktok.script, tiktok.retry_after = {INBOX: [429]}, "0.3"
    tiktok.statuses = ["SEND_TO_USER_INBOX"]
    await poster(tiktok).post(Post(video(tmp_path, 10), "t", 1))
    calls = zip(tiktok.calls, tiktok.call_times, strict=True)
    first, second = (t for call, t in calls if call == f"POST {INBOX}")
    assert second - first >= 0.3


async def test_an_error_response_raises_with_its_code(tiktok: TikTokStub, tmp_path: Path) -> None:
    with pytest.raises(ProviderRefused) as caught:
        await poster(tiktok, token="wrong", mode="direct").post(Post(video(tmp_path, 10), "t", 1))
    assert str(caught.value).startswith("tiktok: HTTP 401: access_token_invalid: The access")
    assert tiktok.calls == [f"POST {CREATOR}"]  # not retried, nothing uploaded


async def test_retries_are_bounded(tiktok: TikTokStub, tmp_path: Path) -> None:
    tiktok.script = {INBOX: [503] * 10}
    with pytest.raises(ProviderUnavailable, match="internal_error"):
        await poster(tiktok, attempts=3).post(Post(video(tmp_path, 10), "t", 1))
    assert tiktok.calls.count(f"POST {INBOX}") == 3


async def test_a_failed_publish_and_a_disallowed_privacy(
    tiktok: TikTokStub, tmp_path: Path
) -> None:
    tiktok.statuses = ["FAILED"]
    with pytest.raises(ProviderRefused, match="spam_risk_too_many_posts"):
        await poster(tiktok).post(Post(video(tmp_path, 10), "t", 1))
    tiktok.privacy_options = ["FOLLOWER_OF_CREATOR"]
    with pytest.raises(ProviderRefused, match="privacy_level_not_allowed"):
        await poster(tiktok, mode="direct").post(Post(video(tmp_path, 10), "t", 1))
    assert "act.test" not in repr(poster(tiktok))
