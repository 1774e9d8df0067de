"""Notify stage (WF3): webhooks, e-mail, final status, clean-up, metrics, optional TikTok post.

Order on success: webhooks and e-mail first (at least once: a redelivery after a crash finds
the job still running and resends what the timeline does not show as delivered), then the
final status, then clean-up and metrics, then the TikTok post (at most once, see posting.py).
Delivery failures are recorded on the job's timeline; they never fail the job.
"""

from email.message import EmailMessage

from services.notify import events
from services.notify.channels import announce
from services.notify.cleanup import clean_work
from services.notify.deps import NotifyDeps
from services.notify.mail import completed_mail, failed_mail, review_mail
from services.notify.posting import post_video, video_key
from services.notify.report import report
from shared.messages import JobCompleted, JobFailed, ReviewRequested, VideoRendered
from shared.review_links import review_url
from shared.runtime import Context

__all__ = ["NotifyDeps", "completed", "failed", "review_requested"]


async def completed(msg: VideoRendered, ctx: Context, deps: NotifyDeps) -> JobCompleted | None:
    job = await ctx.job()
    if job is not None and job.final and job.status != "completed":
        return None  # failed meanwhile (cancelled jobs never reach here): nothing to announce
    # Completed already: a worker died after the final status and before JobCompleted left
    # (the route reaches final jobs for this). The rest is done again, the timeline keeps
    # channels from sending twice, and the announcement goes out under the same message id.
    again = job is not None and job.status == "completed"
    spec = job.spec if job else {}
    urls = {
        name: await deps.storage.url(key, deps.url_expiry_s) for name, key in msg.outputs.items()
    }
    vkey = video_key(msg.outputs)
    link = next((urls[n] for n, k in msg.outputs.items() if k == vkey), "")
    topic = str(spec.get("topic") or "")

    def mail_for(to: str) -> EmailMessage:
        return completed_mail(deps.mail_from, to, msg.job_id, topic, link)

    await announce(ctx, deps, events.completed(msg, job, urls), spec, mail_for)
    if not await ctx.complete(msg.outputs) and not again:
        return None  # cancelled meanwhile, or a duplicate that the first delivery announced
    try:
        await clean_work(ctx, deps.storage, deps.keep_work, "completed")
        await report(
            ctx,
            deps.storage,
            job,
            "completed",
            msg.outputs,
            video_s=round(msg.duration_s, 3),
            render_s=round(msg.render_s, 3),
        )
        await post_video(ctx, deps, msg, spec)
    except Exception as e:
        # The job is final now, so a retry of this message would be skipped and JobCompleted
        # never published: log the failure instead of raising it.
        ctx.log.error("notify.after_completion_failed", error=f"{type(e).__name__}: {e}")
    return JobCompleted(
        job_id=msg.job_id,
        outputs=msg.outputs,
        urls=urls,
        idempotency_key=job.idempotency_key if job else None,
    )


async def failed(msg: JobFailed, ctx: Context, deps: NotifyDeps) -> None:
    job = await ctx.job()
    spec = job.spec if job else {}
    topic = str(spec.get("topic") or "")

    def mail_for(to: str) -> EmailMessage:
        return failed_mail(deps.mail_from, to, msg.job_id, topic, msg.stage, msg.reason)

    await announce(ctx, deps, events.failed(msg, job), spec, mail_for)
    await clean_work(ctx, deps.storage, deps.keep_work, "failed")
    outputs = job.outputs if job else {}
    await report(ctx, deps.storage, job, "failed", outputs, failed_stage=msg.stage, scene=msg.scene)


async def review_requested(msg: ReviewRequested, ctx: Context, deps: NotifyDeps) -> None:
    """A story waits for approval: webhooks and e-mail carry it with a signed review link."""
    job = await ctx.job()
    if job is None or job.status != "awaiting_approval":
        return  # approved, rejected or expired meanwhile: nothing to ask any more
    link = review_url(deps.links, msg.job_id, msg.deadline)
    topic = msg.spec.topic

    def mail_for(to: str) -> EmailMessage:
        return review_mail(deps.mail_from, to, msg.job_id, topic, link)

    await announce(ctx, deps, events.awaiting_approval(msg, job, link), job.spec, mail_for)
