"""The optional TikTok post of a finished video (spec.tiktok), reported on the job's timeline.

At most once: once TikTok has accepted an upload (a publish_id is on the timeline) the post is
never started again, because a second attempt would publish the video twice.
"""

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from services.notify.deps import NotifyDeps
from services.notify.metrics import DELIVERIES
from services.notify.protocols import Post
from shared.messages import VideoRendered
from shared.messages.outcome import VIDEO_NAMES
from shared.runtime import Context


def video_key(outputs: dict[str, str]) -> str | None:
    for name in VIDEO_NAMES:
        if name in outputs:
            return outputs[name]
    return next((k for k in outputs.values() if k.endswith(".mp4")), None)


async def caption(deps: NotifyDeps, msg: VideoRendered, topic: str) -> str:
    """Title, hook and hashtags from render's metadata.json; the topic when there is none."""
    key = msg.outputs.get("metadata.json")
    if key:
        try:
            meta = json.loads(await deps.storage.get(key))
            return f"{meta['title']}\n\n{meta['description']}".strip()
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return topic


async def _record(ctx: Context, **fields: Any) -> None:
    if fields.get("status") != "uploading":  # count outcomes, not the step before one
        DELIVERIES.labels("tiktok", str(fields.get("status"))).inc()
    ctx.log.info("notify.tiktok", **fields)
    await ctx.note(event="tiktok", **fields)


async def post_video(
    ctx: Context, deps: NotifyDeps, msg: VideoRendered, spec: dict[str, Any]
) -> None:
    if not spec.get("tiktok"):
        return
    if spec.get("preview"):  # a draft to look at; its full render (a redo) is what gets posted
        await _record(ctx, status="skipped", error="a preview is not posted")
        return
    if deps.poster is None:
        await _record(ctx, status="skipped", error="GRIMREEL_TIKTOK_ACCESS_TOKEN is not set")
        return
    if any(e.get("event") == "tiktok" and e.get("publish_id") for e in await ctx.timeline()):
        ctx.log.info("notify.tiktok_already_started")
        return
    key = video_key(msg.outputs)
    if key is None:
        await _record(ctx, status="failed", error="the job has no video output")
        return
    if deps.scratch_dir is not None:
        deps.scratch_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"notify-{ctx.job_id}-", dir=deps.scratch_dir))

    accepted: list[str] = []

    async def started(publish_id: str) -> None:
        accepted.append(publish_id)
        await _record(ctx, status="uploading", publish_id=publish_id)

    try:
        await deps.storage.get_file(key, work / "video.mp4")
        text = await caption(deps, msg, str(spec.get("topic") or ""))
        post = Post(work / "video.mp4", text, msg.duration_s)
        result = await deps.poster.post(post, started)
    except Exception as e:  # TimeoutError, Provider*, storage errors: reported, not raised
        error = f"{type(e).__name__}: {e}"[:300]
        await _record(ctx, status="failed", error=error, publish_id=next(iter(accepted), None))
        return
    finally:
        shutil.rmtree(work, ignore_errors=True)
    status = "published" if result.status == "PUBLISH_COMPLETE" else "sent_to_inbox"
    await _record(ctx, status=status, publish_id=result.publish_id, mode=result.mode)
