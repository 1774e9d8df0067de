"""A stage process serves its metrics on GRIMREEL_METRICS_PORT, queue depths among them."""

import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import REDIS_URL, require
from tests.faults.ports import free_port
from tests.gateway.test_process import env
from tests.vhosts import ensure_vhost

pytestmark = pytest.mark.integration


def scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as answer:
        return str(answer.read().decode())


def test_the_story_process_serves_its_queue_depth() -> None:
    require("127.0.0.1", 5672, "RabbitMQ")
    port = free_port()
    e = env(
        GRIMREEL_AMQP_URL=ensure_vhost("grimreel-stage-metrics-tests"),
        GRIMREEL_REDIS_URL=REDIS_URL,
        GRIMREEL_METRICS_PORT=str(port),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "services.story"], env=e, stderr=subprocess.DEVNULL
    )
    try:
        deadline, text = time.monotonic() + 60, ""
        while 'grimreel_queue_messages{queue="grimreel.story"}' not in text:
            assert time.monotonic() < deadline and proc.poll() is None, text[-500:]
            time.sleep(0.5)
            try:
                text = scrape(port)
            except OSError:
                continue  # not listening yet
        assert 'grimreel_queue_messages{queue="grimreel.dead"}' in text
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
