"""`grimreel schedules`: every stored schedule (file and API) with its next and last tick."""

import json
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from shared.config import Settings
from shared.schedules.store import schedules_for
from shared.schedules.timing import next_tick
from shared.wiring import make_state


async def rows(settings: Settings, now: float) -> list[dict[str, Any]]:
    state = make_state(settings)
    try:
        store, out = schedules_for(state), []
        for s in await store.all():
            status = await store.status(s.id)
            last = status.get("last_tick")
            out.append(
                {
                    "id": s.id,
                    "cron": s.cron,
                    "timezone": s.timezone,
                    "source": s.source,
                    "owner": s.owner,
                    "profile": s.profile,
                    "enabled": s.enabled,
                    "missed": s.missed,
                    "next_at": _iso(next_tick(s.cron, s.timezone, now)) if s.enabled else None,
                    "last_tick": _iso(float(last)) if last else None,
                    "last_job_id": status.get("last_job_id") or None,
                    "last_error": status.get("last_error") or None,
                }
            )
        return out
    finally:
        await state.close()


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).isoformat(timespec="seconds")


def show(found: list[dict[str, Any]], as_json: bool, out: Console) -> None:
    if as_json:
        print(json.dumps(found, indent=2))
        return
    if not found:
        out.print("no schedules (GRIMREEL_SCHEDULES_FILE or POST /schedules adds them)")
        return
    table = Table("id", "cron", "zone", "source", "owner", "next (UTC)", "last job / error")
    for r in found:
        last = r["last_job_id"] or (f"[red]{r['last_error']}[/red]" if r["last_error"] else "-")
        nxt = r["next_at"] or "disabled"
        table.add_row(r["id"], r["cron"], r["timezone"], r["source"], r["owner"], nxt, last)
    out.print(table)
