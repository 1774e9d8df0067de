"""`python -m services.gateway`: the composition root serves, refuses bad config, stops on TERM."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from tests.conftest import REDIS_URL
from tests.gateway.conftest import SECRET, auth, user


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("GRIMREEL_")}
    return {**base, "GRIMREEL_REDIS_URL": REDIS_URL, **extra}


def test_bad_configuration_exits_2_with_the_variable_to_set() -> None:
    p = subprocess.run(
        [sys.executable, "-m", "services.gateway"],
        env=env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert p.returncode == 2 and "GRIMREEL_AUTH_HS256_SECRET" in p.stderr


def test_the_process_serves_jobs_and_stops_cleanly_on_sigterm(tmp_path, amqp_url) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "services.gateway"],
        env=env(
            GRIMREEL_AUTH_HS256_SECRET=SECRET,
            GRIMREEL_AMQP_URL=amqp_url,
            GRIMREEL_GATEWAY_PORT=str(port),
            GRIMREEL_STORAGE_DIR=str(tmp_path),
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{base}/ready", timeout=1) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, proc.stderr.read()
                time.sleep(0.1)
        req = urllib.request.Request(
            f"{base}/jobs",
            data=b'{"topic": "the process"}',
            method="POST",
            headers={**auth(user()), "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=5) as r:
            assert r.status == 202
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
        assert "runtime.stopped" in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
