"""A job's record and timeline → what GET /jobs/{id} shows: per-stage times, result links."""

from datetime import UTC, datetime
from typing import Any

import structlog

from services.gateway.views import JobSummary, JobView, Output, StageTime, TimelineEvent, links
from shared.messages.job import JobSpec
from shared.state.base import JobRecord
from shared.storage.base import Storage
from shared.topology import STAGES

log = structlog.get_logger("gateway")


def _when(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def stage_times(timeline: list[dict[str, Any]]) -> list[StageTime]:
    """Per stage in pipeline order: runs, handler seconds, wall time, retries."""
    acc: dict[str, dict[str, Any]] = {}
    for e in timeline:
        stage, kind = e.get("stage"), e.get("event")
        if stage is None or stage == "gateway" or kind not in ("started", "done", "retry"):
            continue
        a = acc.setdefault(stage, {"started": 0, "done": 0, "busy": 0.0, "retries": 0})
        a.setdefault("first", e["at"])
        if kind == "started":
            a["started"] += 1
        elif kind == "done":
            a["done"] += 1
            a["busy"] += float(e.get("seconds") or 0.0)
            a["last"] = e["at"]
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
    return STAGES.index(stage) if stage in STAGES else len(STAGES)


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
    job: JobRecord, timeline: list[dict[str, Any]], storage: Storage, expiry_s: int
) -> JobView:
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
        stages=stage_times(timeline),
        timeline=[TimelineEvent.model_validate(e) for e in timeline],
        outputs=await result_links(job, storage, expiry_s),
        links=links(job.job_id),
    )


def summary(job: JobRecord) -> JobSummary:
    return JobSummary(
        job_id=job.job_id,
        status=job.status,
        stage=job.stage,
        progress=round(job.progress, 2),
        error=job.error,
        owner=job.owner,
        created_at=_when(job.created_at),
        updated_at=_when(job.updated_at),
        links=links(job.job_id),
    )
