"""When a schedule ticks: cron expressions evaluated in the schedule's time zone (cronsim
handles the DST gaps and repeats), and which due ticks fire under its missed-tick policy."""

from collections import deque
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from cronsim import CronSim, CronSimError

# A scheduler down longer than this only looks back this far (a minutely cron over a year
# would otherwise be half a million ticks to walk).
LOOKBACK_S = 7 * 24 * 3600.0


def check_cron(expr: str) -> None:
    """ValueError saying what is wrong with expr."""
    try:
        CronSim(expr, datetime(2024, 1, 1, tzinfo=UTC))
    except CronSimError as e:
        raise ValueError(f"not a cron expression ({e}); e.g. '0 9 * * *'") from None


def ticks(expr: str, tz: str, after: float, until: float, keep: int) -> tuple[list[float], int]:
    """The last `keep` ticks in (after, until] as epoch seconds, and how many there were."""
    start = datetime.fromtimestamp(max(after, until - LOOKBACK_S), ZoneInfo(tz))
    kept: deque[float] = deque(maxlen=keep)
    count = 0
    for at in CronSim(expr, start):
        t = at.timestamp()
        if t > until:
            break
        if t > after:
            kept.append(t)
            count += 1
    return list(kept), count


def next_tick(expr: str, tz: str, after: float) -> float:
    return next(iter(CronSim(expr, datetime.fromtimestamp(after, ZoneInfo(tz))))).timestamp()


def to_fire(due: list[float], now: float, grace_s: float, missed: str, cap: int) -> list[float]:
    """Which due ticks fire. A tick within grace_s of now is on time and always fires; older
    ones were missed (no scheduler ran): "skip" drops them, "latest" fires the newest tick
    only, "all" fires up to `cap` of the newest."""
    if missed == "latest":
        return due[-1:]
    if missed == "all":
        return due[-cap:]
    return [t for t in due if now - t <= grace_s]
