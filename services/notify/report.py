"""The metrics record of a finished job, read from its timeline: one log event + Prometheus."""

import time
from collections import defaultdict
from typing import Any

from services.notify.metrics import observe_job
from shared import timeline
from shared.runtime import Context
from shared.state.base import JobRecord
from shared.storage import Storage
from shared.timeline import Event


def stage_stats(history: list[Event], now: float) -> dict[str, dict[str, Any]]:
    """Per stage: handled runs, busy seconds (sum of handler times; scenes run in parallel),
    wall span from its first event to its last, and retries."""
    stats: dict[str, dict[str, Any]] = {}
    for e in history:
        s = stats.setdefault(e.stage, {"runs": 0, "busy_s": 0.0, "retries": 0, "_t": []})
        s["_t"].append(e.at)
        if e.event == timeline.DONE:
            s["runs"] += 1
            s["busy_s"] += e.seconds or 0.0
        elif e.event == timeline.RETRY:
            s["retries"] += 1
    if "notify" in stats:
        stats["notify"]["_t"].append(now)  # notify's own "done" is written after this record
    for s in stats.values():
        times = s.pop("_t")
        s["span_s"] = round(max(times) - min(times), 3) if times else 0.0
        s["busy_s"] = round(s["busy_s"], 3)
    return stats


def provider_calls(history: list[Event]) -> dict[str, int]:
    """Calls per provider, where stages recorded them (an event with a ``provider`` field and
    optionally ``calls``); empty when no stage records them."""
    calls: dict[str, int] = defaultdict(int)
    for e in history:
        if isinstance(e.get("provider"), str):
            calls[e.get("provider")] += int(e.get("calls") or 1)
    return dict(calls)


async def output_sizes(storage: Storage, outputs: dict[str, str]) -> dict[str, int]:
    """Bytes per output where the storage can tell cheaply. The Storage contract has no size
    call yet: use one if the adapter has it, else a local file's size, else leave it out."""
    sizes: dict[str, int] = {}
    size_of = getattr(storage, "size", None)
    path_of = getattr(storage, "path", None)
    for name, key in outputs.items():
        try:
            if size_of is not None:
                n = await size_of(key)
            elif path_of is not None:
                n = path_of(key).stat().st_size
            else:
                continue
        except (OSError, ValueError):
            continue
        if isinstance(n, int):
            sizes[name] = n
    return sizes


async def report(
    ctx: Context,
    storage: Storage,
    job: JobRecord | None,
    status: str,
    outputs: dict[str, str],
    **extra: Any,
) -> dict[str, Any]:
    history = await ctx.timeline()
    now = time.time()
    total = round(now - job.created_at, 3) if job else None
    record = {
        "status": status,
        "total_s": total,
        "attempts": job.attempts if job else None,
        "stages": stage_stats(history, now),
        "provider_calls": provider_calls(history),
        "output_bytes": await output_sizes(storage, outputs),
        **extra,
    }
    observe_job(status, total)
    ctx.log.info("job.metrics", **record)
    return record
