"""`python -m services.scheduler`: loads the schedules file into Redis, refuses a bad file with
exit 2 naming the value, stops on TERM; `grimreel schedules` lists what it loaded."""

import json
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis

from tests.conftest import REDIS_URL, require
from tests.gateway.test_process import env
from tests.vhosts import ensure_vhost

pytestmark = pytest.mark.integration  # Redis and RabbitMQ on loopback


def test_a_bad_schedules_file_exits_2_naming_the_value(tmp_path: Path) -> None:
    path = tmp_path / "schedules.json"
    path.write_text(json.dumps([{"id": "x", "cron": "0 9 * *", "topics": ["the well"]}]))
    p = subprocess.run(
        [sys.executable, "-m", "services.scheduler"],
        env=env(GRIMREEL_SCHEDULES_FILE=str(path)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert p.returncode == 2 and "x.cron: not a cron expression" in p.stderr


def test_the_process_loads_the_file_and_stops_on_sigterm(tmp_path: Path) -> None:
    require("127.0.0.1", 5672, "RabbitMQ")
    sid = f"proc-{uuid.uuid4().hex[:8]}"
    path = tmp_path / "schedules.json"
    entry = {"id": sid, "cron": "0 3 1 1 *", "timezone": "Asia/Tokyo", "topics": ["the well"]}
    path.write_text(json.dumps({"schedules": [entry]}))
    e = env(
        GRIMREEL_SCHEDULES_FILE=str(path),
        GRIMREEL_AMQP_URL=ensure_vhost("grimreel-scheduler-tests"),
        GRIMREEL_LOG_FORMAT="json",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "services.scheduler"],
        env=e,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    r = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    try:
        deadline = time.monotonic() + 20
        while not r.hexists("grimreel:schedules", sid):
            assert time.monotonic() < deadline and proc.poll() is None, proc.stderr.read()
            time.sleep(0.1)
        listed = subprocess.run(
            [sys.executable, "-m", "services.cli.commands", "schedules", "--json"],
            env=e,
            capture_output=True,
            text=True,
            timeout=60,
        )
        (mine,) = [s for s in json.loads(listed.stdout) if s["id"] == sid]
        assert mine["source"] == "file" and mine["owner"] == "@scheduler"
        assert mine["next_at"].endswith("-12-31T18:00:00+00:00")  # 03:00 on 1 January in Tokyo
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
        r.hdel("grimreel:schedules", sid)
        r.close()
