"""Cron ticks in a time zone, and which due ticks each missed-tick policy fires."""

from datetime import datetime
from zoneinfo import ZoneInfo

from shared.schedules.timing import next_tick, ticks, to_fire

BERLIN = ZoneInfo("Europe/Berlin")


def at(*parts: int) -> float:
    return datetime(*parts, tzinfo=BERLIN).timestamp()  # type: ignore[misc]


def test_a_daily_tick_follows_local_time_across_the_dst_change() -> None:
    due, count = ticks("0 9 * * *", "Europe/Berlin", at(2024, 3, 29, 12), at(2024, 4, 1, 12), 10)
    assert count == 3
    local = [datetime.fromtimestamp(t, BERLIN) for t in due]
    assert [(d.day, d.hour) for d in local] == [(30, 9), (31, 9), (1, 9)]
    # 24 h apart in local time, 23 h in real time across the spring change
    assert due[1] - due[0] == 23 * 3600 and due[2] - due[1] == 24 * 3600


def test_ticks_keep_only_the_newest_but_count_them_all() -> None:
    due, count = ticks("* * * * *", "UTC", 0.0, 600.0, 3)
    assert count == 10 and due == [480.0, 540.0, 600.0]
    assert ticks("* * * * *", "UTC", 600.0, 600.0, 3) == ([], 0)  # (after, until]: nothing new


def test_next_tick_is_strictly_after() -> None:
    assert next_tick("*/5 * * * *", "UTC", 300.0) == 600.0


def test_policies_choose_from_the_due_ticks() -> None:
    due = [0.0, 300.0, 600.0, 900.0]
    now = 930.0
    assert to_fire(due, now, 60, "skip", 10) == [900.0]  # only the on-time one
    assert to_fire(due[:3], now, 60, "skip", 10) == []  # all missed: none
    assert to_fire(due[:3], now, 60, "latest", 10) == [600.0]
    assert to_fire(due, now, 60, "all", 3) == [300.0, 600.0, 900.0]  # capped, newest kept
