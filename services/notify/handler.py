"""Notify stage (WF3): final status, links, clean-up, and the outcome for outside consumers."""

from dataclasses import dataclass

from shared.messages import JobCompleted, JobFailed, VideoRendered
from shared.runtime import Context
from shared.storage import Storage, keys


@dataclass(frozen=True)
class NotifyDeps:
    storage: Storage
    url_expiry_s: int = 24 * 3600
    keep_work: bool = False


async def completed(msg: VideoRendered, ctx: Context, deps: NotifyDeps) -> JobCompleted | None:
    urls = {
        name: await deps.storage.url(key, deps.url_expiry_s) for name, key in msg.outputs.items()
    }
    if not await ctx.complete(msg.outputs):
        return None  # a duplicate: the first delivery announced it already
    if not deps.keep_work:
        removed = await deps.storage.delete_prefix(keys.work(msg.job_id))
        ctx.log.info("job.cleaned", objects=removed)
    job = await ctx.job()
    ctx.log.info(
        "job.metrics",
        video_s=msg.duration_s,
        render_s=msg.render_s,
        attempts=job.attempts if job else None,
    )
    return JobCompleted(
        job_id=msg.job_id,
        outputs=msg.outputs,
        urls=urls,
        idempotency_key=job.idempotency_key if job else None,
    )


async def failed(msg: JobFailed, ctx: Context, deps: NotifyDeps) -> None:
    if not deps.keep_work:
        await deps.storage.delete_prefix(keys.work(msg.job_id))
    ctx.log.info("job.failed", failed_stage=msg.stage, reason=msg.reason, scene=msg.scene)
