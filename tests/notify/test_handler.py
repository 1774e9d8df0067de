"""The notify handlers end to end: real receiver, SMTP server and TikTok stub on loopback."""

import json
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from prometheus_client import REGISTRY
from structlog.testing import capture_logs

from services.notify.channels import announce
from services.notify.deps import NotifyDeps
from services.notify.handler import completed, failed
from shared.messages import JobCompleted, JobFailed, VideoRendered
from shared.state.memory import MemoryState
from shared.storage import keys
from shared.storage.local import LocalStorage
from tests.notify.channel_setup import mailer, poster, webhooks
from tests.notify.job_setup import ctx_for, new_job, notes, seed_outputs
from tests.notify.receiver import Receiver
from tests.notify.smtp_server import SmtpServer, free_port
from tests.notify.tiktok_stub import TikTokStub


def make_deps(storage: LocalStorage, **kw: Any) -> NotifyDeps:
    return NotifyDeps(storage=storage, **{"webhooks": webhooks(total_s=3), **kw})


def no_mail(to: str) -> EmailMessage:
    raise AssertionError("this job asked for no e-mail")


def plain_text(server: SmtpServer, i: int) -> str:
    msg = message_from_bytes(server.inbox.messages[i].content, policy=policy.default)
    return msg.get_body(("plain",)).get_content()  # type: ignore[attr-defined,union-attr]


def sample(name: str, status: str) -> float:
    return REGISTRY.get_sample_value(name, {"status": status}) or 0.0


async def test_a_completed_job_is_announced_everywhere_then_cleaned_and_measured(
    state: MemoryState,
    storage: LocalStorage,
    receiver: Receiver,
    smtp: SmtpServer,
    tiktok: TikTokStub,
) -> None:
    job_id = await new_job(state, webhook_url=receiver.url, email="reader@example.com", tiktok=True)
    outputs = await seed_outputs(storage, job_id)
    receiver.script = [500, 500]
    deps = make_deps(
        storage,
        webhook_urls=(receiver.url + "?operator=1",),
        mailer=mailer(smtp.port, security="none"),
        poster=poster(tiktok.base_url),
        keep_work="failed",
    )
    tiktok.statuses = ["SEND_TO_USER_INBOX"]
    before = (
        sample("grimreel_jobs_total", "completed"),
        sample("grimreel_job_seconds_count", "completed"),
    )
    msg = VideoRendered(job_id=job_id, outputs=outputs, duration_s=42.0, render_s=3.5)
    with capture_logs() as logs:
        out = await completed(msg, ctx_for(state, job_id), deps)

    assert isinstance(out, JobCompleted) and out.idempotency_key == "idem-1"
    assert out.urls["video.mp4"].startswith("file://")
    assert (out.video_url, out.thumbnail_url) == (out.urls["video.mp4"], None)  # no thumbnail
    job = await state.get(job_id)
    assert job is not None and job.status == "completed" and job.outputs == outputs
    timeline = await state.timeline(job_id)
    hooks = notes(timeline, "webhook")
    assert sorted(h["target"] for h in hooks) == ["global", "job"]
    assert all(h["status"] == "delivered" for h in hooks)
    assert sum(h["attempts"] for h in hooks) == 4 and len(receiver.hits) == 4
    assert all(h["url"] == receiver.url.removesuffix("/hook") + "/…" for h in hooks)
    event = json.loads(receiver.hits[-1]["body"])
    assert event["type"] == "job.completed" and event["job_id"] == job_id
    assert event["idempotency_key"] == "idem-1" and event["urls"] == out.urls
    assert (event["video_url"], event["thumbnail_url"]) == (out.video_url, out.thumbnail_url)
    assert len({json.loads(h["body"])["id"] for h in receiver.hits}) == 1  # one stable event id
    assert [n["status"] for n in notes(timeline, "email")] == ["sent"]
    assert out.urls["video.mp4"] in plain_text(smtp, 0)
    assert [n["status"] for n in notes(timeline, "tiktok")] == ["uploading", "sent_to_inbox"]
    assert bytes(tiktok.received) == await storage.get(outputs["video.mp4"])
    assert not await storage.exists(keys.scene_audio(job_id, 0))  # intermediates gone
    assert await storage.exists(outputs["video.mp4"])  # final outputs kept
    assert sample("grimreel_jobs_total", "completed") == before[0] + 1
    assert sample("grimreel_job_seconds_count", "completed") == before[1] + 1
    [record] = [e for e in logs if e["event"] == "job.metrics"]
    assert record["status"] == "completed" and record["video_s"] == 42.0
    assert record["output_bytes"]["video.mp4"] == 2048
    assert record["stages"]["notify"]["span_s"] >= 0 and "gateway" in record["stages"]


async def test_a_failed_job_is_announced_and_keeps_its_work_for_a_replay(
    state: MemoryState, storage: LocalStorage, receiver: Receiver, smtp: SmtpServer
) -> None:
    job_id = await new_job(state, webhook_url=receiver.url, email="reader@example.com")
    await seed_outputs(storage, job_id)
    await state.finish(job_id, "failed", error="tts: engine exploded")
    before = sample("grimreel_jobs_total", "failed")
    deps = make_deps(storage, mailer=mailer(smtp.port, security="none"))
    msg = JobFailed(job_id=job_id, stage="tts", reason="RuntimeError: engine exploded", scene=2)
    assert await failed(msg, ctx_for(state, job_id), deps) is None

    event = json.loads(receiver.hits[0]["body"])
    assert (event["type"], event["status"], event["stage"], event["scene"]) == (
        "job.failed",
        "failed",
        "tts",
        2,
    )
    assert event["reason"] == msg.reason and event["idempotency_key"] == "idem-1"
    assert "engine exploded" in plain_text(smtp, 0)
    assert await storage.exists(keys.scene_audio(job_id, 0))  # kept (the default: "all")
    assert sample("grimreel_jobs_total", "failed") == before + 1
    await failed(msg, ctx_for(state, job_id), make_deps(storage, keep_work="none"))
    assert not await storage.exists(keys.scene_audio(job_id, 0))


async def test_failing_channels_never_fail_the_job(
    state: MemoryState, storage: LocalStorage, tiktok: TikTokStub
) -> None:
    job_id = await new_job(
        state, webhook_url="http://10.0.0.1/hook", email="reader@example.com", tiktok=True
    )
    outputs = await seed_outputs(storage, job_id)
    deps = make_deps(
        storage,
        mailer=mailer(free_port(), security="none", timeout_s=2),
        poster=poster(tiktok.base_url, "revoked-token"),
    )
    msg = VideoRendered(job_id=job_id, outputs=outputs, duration_s=30.0)
    assert isinstance(await completed(msg, ctx_for(state, job_id), deps), JobCompleted)
    job = await state.get(job_id)
    assert job is not None and job.status == "completed"
    timeline = await state.timeline(job_id)
    [hook] = notes(timeline, "webhook")
    assert hook["status"] == "refused" and "private" in hook["error"]
    [mail] = notes(timeline, "email")
    assert mail["status"] == "failed" and mail["to"] == "r***@example.com"
    [post] = notes(timeline, "tiktok")
    assert post["status"] == "failed" and "access_token_invalid" in post["error"]


async def test_a_redelivery_sends_only_what_was_not_delivered(
    state: MemoryState, storage: LocalStorage, receiver: Receiver, smtp: SmtpServer
) -> None:
    job_id = await new_job(state, webhook_url=receiver.url, email="reader@example.com")
    outputs = await seed_outputs(storage, job_id)
    msg = VideoRendered(job_id=job_id, outputs=outputs, duration_s=30.0)
    ctx = ctx_for(state, job_id)
    # The first delivery got the webhook out, then the worker died before the e-mail.
    first = make_deps(storage)
    await announce(
        ctx,
        first,
        {"type": "job.completed", "id": "x"},
        {"webhook_url": receiver.url},
        no_mail,
    )
    assert len(receiver.hits) == 1
    deps = make_deps(storage, mailer=mailer(smtp.port, security="none"))
    assert await completed(msg, ctx, deps) is not None
    assert len(receiver.hits) == 1 and len(smtp.inbox.messages) == 1


async def test_unconfigured_channels_are_reported_as_skipped(
    state: MemoryState, storage: LocalStorage
) -> None:
    job_id = await new_job(
        state, webhook_url="https://hooks.example.com/x", email="a@example.com", tiktok=True
    )
    outputs = await seed_outputs(storage, job_id)
    msg = VideoRendered(job_id=job_id, outputs=outputs, duration_s=30.0)
    assert await completed(msg, ctx_for(state, job_id), NotifyDeps(storage=storage)) is not None
    timeline = await state.timeline(job_id)
    skipped = {e["event"]: e["error"] for e in timeline if e.get("status") == "skipped"}
    assert skipped == {
        "webhook": "GRIMREEL_WEBHOOK_SECRET is not set",
        "email": "GRIMREEL_SMTP_HOST is not set",
        "tiktok": "GRIMREEL_TIKTOK_ACCESS_TOKEN is not set",
    }


async def test_a_preview_is_never_posted(
    state: MemoryState, storage: LocalStorage, tiktok: TikTokStub
) -> None:
    job_id = await new_job(state, tiktok=True, preview=True)
    outputs = await seed_outputs(storage, job_id)
    deps = NotifyDeps(storage=storage, poster=poster(tiktok.base_url))
    msg = VideoRendered(job_id=job_id, outputs=outputs, duration_s=30.0)
    assert await completed(msg, ctx_for(state, job_id), deps) is not None
    [note] = notes(await state.timeline(job_id), "tiktok")
    assert (note["status"], note["error"]) == ("skipped", "a preview is not posted")
    assert not tiktok.received


async def test_a_duplicate_of_a_finished_job_announces_nothing_new(
    state: MemoryState, storage: LocalStorage
) -> None:
    job_id = await new_job(state)
    outputs = await seed_outputs(storage, job_id)
    await state.finish(job_id, "cancelled")
    before = sample("grimreel_jobs_total", "completed")
    msg = VideoRendered(job_id=job_id, outputs=outputs, duration_s=30.0)
    assert await completed(msg, ctx_for(state, job_id), NotifyDeps(storage=storage)) is None
    assert sample("grimreel_jobs_total", "completed") == before
    assert await storage.exists(keys.scene_audio(job_id, 0))


async def test_a_completion_cut_off_before_its_announcement_is_announced_on_redelivery(
    state: MemoryState, storage: LocalStorage, receiver: Receiver
) -> None:
    job_id = await new_job(state, webhook_url=receiver.url)
    outputs = await seed_outputs(storage, job_id)
    msg = VideoRendered(job_id=job_id, outputs=outputs, duration_s=30.0)
    deps = make_deps(storage)
    assert await completed(msg, ctx_for(state, job_id), deps) is not None
    # the worker died here: the job is completed, JobCompleted never left, the message is back
    again = await completed(msg, ctx_for(state, job_id), deps)
    assert again is not None and again.outputs == outputs
    assert len(receiver.hits) == 1  # the webhook is not sent twice
    ends = [e for e in await state.timeline(job_id) if e["event"] == "completed"]
    assert len(ends) == 1


async def test_a_render_reaching_a_failed_job_announces_nothing(
    state: MemoryState, storage: LocalStorage, receiver: Receiver
) -> None:
    job_id = await new_job(state, webhook_url=receiver.url)
    outputs = await seed_outputs(storage, job_id)
    await state.finish(job_id, "failed", error="render gave up")
    msg = VideoRendered(job_id=job_id, outputs=outputs, duration_s=30.0)
    assert await completed(msg, ctx_for(state, job_id), make_deps(storage)) is None
    assert receiver.hits == []


class BrokenDelete(LocalStorage):
    async def delete_prefix(self, prefix: str) -> int:
        raise RuntimeError("storage is having a bad day")


async def test_a_failed_clean_up_is_noted_and_the_job_still_completes(
    state: MemoryState, tmp_path: Path
) -> None:
    storage = BrokenDelete(tmp_path / "store")
    job_id = await new_job(state)
    outputs = await seed_outputs(storage, job_id)
    msg = VideoRendered(job_id=job_id, outputs=outputs, duration_s=30.0)
    deps = NotifyDeps(storage=storage, keep_work="none")
    assert isinstance(await completed(msg, ctx_for(state, job_id), deps), JobCompleted)
    [note] = notes(await state.timeline(job_id), "cleanup")
    assert note["status"] == "failed" and note["error"] == "RuntimeError"
