"""A job's record and timeline → what GET /jobs/{id} shows: per-stage times, result links."""

from datetime import UTC, datetime
from typing import Any

import structlog

from services.gateway.views import (
    ApprovalView,
    JobSummary,
    JobView,
    Output,
    StageTime,
    TimelineEvent,
    links,
)
from shared import timeline
from shared.messages.job import JobSpec
from shared.state.base import PAUSED, JobRecord
from shared.storage.base import Storage
from shared.topology import names

log = structlog.get_logger("gateway")


def _when(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def stage_times(events: list[timeline.Event]) -> list[StageTime]:
    """Per stage in pipeline order: runs, handler seconds, wall time, retries."""
    acc: dict[str, dict[str, Any]] = {}
    kinds = (timeline.STARTED, timeline.DONE, timeline.RETRY)
    for e in events:
        if e.stage == "gateway" or e.event not in kinds or e.side:
            continue
        a = acc.setdefault(e.stage, {"started": 0, "done": 0, "busy": 0.0, "retries": 0})
        a.setdefault("first", e.at)
        if e.event == timeline.STARTED:
            a["started"] += 1
        elif e.event == timeline.DONE:
            a["done"] += 1
            a["busy"] += e.seconds or 0.0
            a["last"] = e.at
        else:
            a["retries"] += 1
    return [
        StageTime(
            stage=stage,
            runs=a["done"],
            busy_s=round(a["busy"], 4),
            # Wall time is known once every start has its finish (retries restart a run).
            wall_s=round(a["last"] - a["first"], 4)
            if a["done"] and a["done"] >= a["started"] - a["retries"]
            else None,
            retries=a["retries"],
        )
        for stage, a in sorted(acc.items(), key=lambda kv: _order(kv[0]))
    ]


def _order(stage: str) -> int:
    order = names()
    return order.index(stage) if stage in order else len(order)


async def result_links(job: JobRecord, storage: Storage, expiry_s: int) -> dict[str, Output]:
    out: dict[str, Output] = {}
    for name, key in job.outputs.items():
        url: str | None = None
        if job.status == "completed":
            try:
                url = await storage.url(key, expiry_s)
            except Exception as e:  # a broken link must not hide the job's status
                log.warning("job.url_failed", job_id=job.job_id, key=key, error=str(e))
        out[name] = Output(key=key, url=url)
    return out


async def job_view(
    job: JobRecord, raw_timeline: list[dict[str, Any]], storage: Storage, expiry_s: int
) -> JobView:
    events = timeline.read(raw_timeline)
    return JobView(
        job_id=job.job_id,
        status=job.status,
        stage=job.stage,
        progress=round(job.progress, 2),
        attempts=job.attempts,
        error=job.error,
        owner=job.owner,
        idempotency_key=job.idempotency_key,
        created_at=_when(job.created_at),
        updated_at=_when(job.updated_at),
        request=JobSpec.model_validate(job.spec),
        stages=stage_times(events),
        timeline=[TimelineEvent.model_validate(e.model_dump()) for e in events],
        outputs=await result_links(job, storage, expiry_s),
        approval=approval_of(job),
        links=links(job.job_id),
    )


def approval_of(job: JobRecord) -> ApprovalView | None:
    if job.status != PAUSED or job.approval is None:
        return None
    return ApprovalView(deadline=_when(job.approval.deadline), refused=job.approval.refused)


def summary(job: JobRecord) -> JobSummary:
    topic = job.spec.get("topic")
    return JobSummary(
        job_id=job.job_id,
        topic=topic if isinstance(topic, str) else None,
        status=job.status,
        stage=job.stage,
        progress=round(job.progress, 2),
        error=job.error,
        owner=job.owner,
        created_at=_when(job.created_at),
        updated_at=_when(job.updated_at),
        approval=approval_of(job),
        links=links(job.job_id),
    )
