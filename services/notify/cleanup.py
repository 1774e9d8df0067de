"""Removing a job's intermediate storage objects per the retention setting."""

from services.notify.settings import KeepWork
from shared.runtime import Context
from shared.storage import Storage, keys


def keeps(policy: KeepWork, status: str) -> bool:
    return policy == "all" or (policy == "failed" and status == "failed")


async def clean_work(ctx: Context, storage: Storage, policy: KeepWork, status: str) -> None:
    """Deletes keys.work(job); never raises: a leftover file must not fail a finished job."""
    prefix = keys.work(ctx.job_id)
    if keeps(policy, status):
        ctx.log.info("job.work_kept", policy=policy, status=status, prefix=prefix)
        return
    try:
        removed = await storage.delete_prefix(prefix)
    except Exception as e:
        ctx.log.warning("job.cleanup_failed", prefix=prefix, error=f"{type(e).__name__}: {e}")
        await ctx.note(event="cleanup", status="failed", error=type(e).__name__)
        return
    ctx.log.info("job.cleaned", objects=removed, prefix=prefix)
