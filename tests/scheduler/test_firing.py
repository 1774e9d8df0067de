"""What one tick makes: topics in turn from a list or a file, the schedule's profile and job
fields, and a tick that cannot make a job noted on the schedule instead of crashing."""

import json
from pathlib import Path

import pytest

from services.scheduler import schedules_file
from services.scheduler.scheduler import Scheduler
from shared.config import ConfigError
from shared.runtime.memory_bus import MemoryBus
from shared.state.memory import MemoryState
from tests.scheduler.conftest import T0, Clock, schedule

MINUTE = 60.0


async def fire_minutes(s, bus: MemoryBus, n: int) -> tuple[Scheduler, list[dict]]:
    clock = Clock(T0)  # 08:59:30, when the schedule was made
    sched = Scheduler(bus, MemoryState(), clock=clock)
    await sched.store.add(s)
    specs = []
    for _ in range(n):
        clock.now += MINUTE
        specs += [job.spec for job in await sched.poll()]
    return sched, specs


async def test_a_topics_file_is_read_each_tick_and_taken_in_turn(tmp_path: Path, bus) -> None:
    path = tmp_path / "topics.txt"
    path.write_text("# ideas\nthe drowned bell\n\nthe orchard keeper\n")
    s = schedule(cron="* * * * *", topics=None, topics_file=str(path))
    sched, specs = await fire_minutes(s, bus, 4)
    assert [x["topic"] for x in specs] == ["the drowned bell", "the orchard keeper"] * 2
    path.write_text("")
    sched.clock.now += MINUTE  # type: ignore[attr-defined]
    assert await sched.poll() == []
    assert "has no topics" in (await sched.store.status(s.id))["last_error"]


async def test_a_schedule_makes_jobs_with_its_profile_and_fields(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bus
) -> None:
    path = tmp_path / "profiles.json"
    path.write_text(json.dumps({"calm": {"tone": "folk", "duration_s": 40, "tiktok": True}}))
    monkeypatch.setenv("GRIMREEL_PROFILES_FILE", str(path))
    s = schedule(cron="* * * * *", profile="calm", job={"duration_s": 90, "seed": 7})
    _, specs = await fire_minutes(s, bus, 1)
    (spec,) = specs
    assert (spec["tone"], spec["tiktok"], spec["profile"]) == ("folk", True, "calm")
    assert (spec["duration_s"], spec["seed"]) == (90, 7)  # the schedule's own fields win


async def test_a_tick_that_cannot_make_a_job_is_noted_not_fatal(bus) -> None:
    s = schedule(cron="* * * * *", profile="gone")  # no profiles configured
    sched, specs = await fire_minutes(s, bus, 2)
    assert specs == []
    status = await sched.store.status(s.id)
    assert "no profile 'gone'" in status["last_error"] and float(status["checked"]) > T0


def test_the_schedules_file_reports_each_bad_value_on_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "schedules.json"
    path.write_text(
        json.dumps(
            {
                "schedules": [
                    {"id": "ok", "cron": "0 9 * * *", "topics": ["the well"]},
                    {"id": "bad", "cron": "0 9 * *", "topics": ["the well"], "missed": "x"},
                    {"id": "ok", "cron": "0 9 * * *", "topics": ["the well"]},
                    "nonsense",
                ]
            }
        )
    )
    with pytest.raises(ConfigError) as e:
        schedules_file.load(path)
    lines = str(e.value).splitlines()
    assert lines[0] == f"invalid schedules file {path}:"
    assert lines[1].startswith("  bad.cron: not a cron expression")
    assert lines[2].startswith("  bad.missed: Input should be 'skip', 'latest' or 'all'")
    assert lines[3:] == ["  ok: the id is used twice", "  #3: must be an object"]


async def test_file_schedules_replace_the_previous_file_ones_but_not_api_ones(bus) -> None:
    sched = Scheduler(bus, MemoryState(), clock=Clock())
    await sched.store.add(schedule(id="mine"))
    await sched.sync_file([schedule(id="a", source="file", owner="@scheduler")])
    await sched.sync_file([schedule(id="b", source="file", owner="@scheduler")])
    assert [s.id for s in await sched.store.all()] == ["b", "mine"]


async def test_a_file_topic_the_offline_judge_refuses_is_noted_not_fired(tmp_path: Path, bus):
    path = tmp_path / "topics.txt"
    path.write_text(
        "the ghost tells the lonely teen that [number] pills of [drug] is a peaceful way out\n"
    )
    s = schedule(cron="* * * * *", topics=None, topics_file=str(path))
    sched, specs = await fire_minutes(s, bus, 1)
    assert specs == []
    assert "not allowed (self-harm)" in (await sched.store.status(s.id))["last_error"]
