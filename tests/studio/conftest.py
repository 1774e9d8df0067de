"""The studio in a real browser against the real thing: Debian's chromium driven by Playwright,
a gateway process (JWT auth on, HS256 secret below) and a process with every real stage, on
the test RabbitMQ vhost and Redis database. The gateway can be restarted on its port mid-job.

The stack and the browser live as long as this package's tests (package scope): the stage
process must not outlive them and take other tests' messages on the same vhost.

Screenshots of each step go to tests/studio/artifacts/<test>/ (git-ignored; the path is in
the log). Jobs are kept short (20 s, 3 scenes): every render costs real CPU.
"""

import asyncio
import concurrent.futures
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
import pytest

from tests.conftest import AMQP_URL, REDIS_URL, require
from tests.integration.conftest import purge_all

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags chromium dials out at start (component updates,
# sync, QUIC probes) and this closed network refuses it.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SECRET = "studio-test-secret-that-is-long-enough-for-hs256"
PHONE = {"width": 390, "height": 844}
JOB_TIMEOUT_S = 420  # one 20 s video through every real stage on a busy 2-core machine
USER, ADMIN = "jobs:read jobs:write", "jobs:read jobs:write admin"


def run_async(coro: Any) -> Any:
    """Run a coroutine to its end from a sync test: Playwright's sync API keeps an event loop
    of its own on this thread, so asyncio.run goes to another one."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def token(sub: str, scope: str = USER) -> str:
    now = int(time.time())
    return jwt.encode({"sub": sub, "scope": scope, "iat": now, "exp": now + 3600}, SECRET, "HS256")


def new_user() -> str:
    return f"u-{uuid.uuid4().hex[:10]}"


def wait_for(check: Any, timeout: float, what: str, every: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")


@dataclass
class Process:
    """A grimreel process of the stack, its log in the artifacts folder."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        out = self.log.open("ab")
        self.proc = subprocess.Popen(
            self.argv, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
        )
        out.close()

    def stop(self, grace_s: float = 15.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(grace_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


@dataclass
class Stack:
    base: str
    gateway: Process
    stages: Process
    storage: Path
    logs: Path
    extra: dict[str, Any] = field(default_factory=dict)

    def call(
        self, method: str, path: str, sub: str, scope: str = USER, body: Any = None
    ) -> tuple[int, Any]:
        """The API as a client sees it: (status, JSON body or None)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Authorization", f"Bearer {token(sub, scope)}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                raw, status = r.read(), r.status
        except urllib.error.HTTPError as e:
            raw, status = e.read(), e.code
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, None

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(self.base + "ready", timeout=2) as r:
                return r.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def wait_ready(self, timeout: float = 120) -> None:
        def up() -> bool:
            if not self.gateway.alive():
                tail = self.gateway.log.read_text()[-3000:]
                raise AssertionError(f"the gateway exited:\n{tail}")
            return self.ready()

        wait_for(up, timeout, "the gateway's /ready", every=0.3)

    def restart_gateway(self) -> None:
        """Stop the gateway process and start a new one on the same port."""
        self.gateway.stop()
        self.gateway.start()
        self.wait_ready()

    def wait_status(
        self, job_id: str, sub: str, statuses: set[str], timeout: float = JOB_TIMEOUT_S
    ) -> dict[str, Any]:
        def reached() -> dict[str, Any] | None:
            status, body = self.call("GET", f"jobs/{job_id}", sub)
            assert status == 200, body
            return body if body["status"] in statuses else None

        return wait_for(reached, timeout, f"job {job_id} to be {statuses}", every=0.5)  # type: ignore[no-any-return]


def _env(storage: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIMREEL_")}
    env.update(
        {
            # The worktree's code, not whatever copy of grimreel is installed.
            "PYTHONPATH": str(ROOT),
            "GRIMREEL_AMQP_URL": AMQP_URL,
            "GRIMREEL_REDIS_URL": REDIS_URL,
            "GRIMREEL_STORAGE_DIR": str(storage),
            "GRIMREEL_AUTH_HS256_SECRET": SECRET,
            "GRIMREEL_GATEWAY_HOST": "127.0.0.1",
            "GRIMREEL_GATEWAY_PORT": str(port),
            "GRIMREEL_GATEWAY_RATE_PER_S": "200",
            "GRIMREEL_GATEWAY_RATE_BURST": "400",
            "GRIMREEL_GATEWAY_IP_RATE_PER_S": "400",
            "GRIMREEL_GATEWAY_IP_RATE_BURST": "800",
            "GRIMREEL_GATEWAY_SSE_HEARTBEAT_S": "2",
            # the retry queues purge_all empties
            "GRIMREEL_RETRY_DELAYS_S": "[0.2, 0.4]",
            "GRIMREEL_LOG_FORMAT": "json",
            # One render at a time: the machine is shared.
            "GRIMREEL_CONCURRENCY": '{"render": 1, "visual": 1, "tts": 1}',
        }
    )
    return env


@pytest.fixture(scope="package")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    require("127.0.0.1", 5672, "RabbitMQ")
    require("127.0.0.1", 6379, "Redis")
    run_async(purge_all())
    storage = tmp_path_factory.mktemp("studio-store")
    logs = ARTIFACTS / "logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    port = free_port()
    env = _env(storage, port)
    py = sys.executable
    stages = Process(
        "stages",
        [py, "-m", "services.cli.commands", "serve", "--no-gateway", "--no-scheduler"],
        env,
        logs / "stages.log",
    )
    gateway = Process("gateway", [py, "-m", "services.gateway"], env, logs / "gateway.log")
    s = Stack(f"http://127.0.0.1:{port}/", gateway, stages, storage, logs)
    print(f"\nstudio tests: gateway {s.base}, logs and screenshots under {ARTIFACTS}")
    stages.start()
    gateway.start()
    try:
        s.wait_ready()
        yield s
    finally:
        gateway.stop()
        stages.stop(grace_s=30)
        run_async(purge_all())  # what the tests left queued (replayed letters, cancelled jobs)


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("no /usr/bin/chromium: `apt-get install chromium` (scripts/test.sh does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Shots:
    """Numbered screenshots of one test's steps."""

    def __init__(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.folder, self.n = folder, 0

    def __call__(self, page: Any, step: str) -> Path:
        self.n += 1
        path = self.folder / f"{self.n:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Shots:
    return Shots(ARTIFACTS / request.node.name)


@pytest.fixture
def open_page(browser: Any, stack: Stack) -> Iterator[Any]:
    """A phone-sized page of a fresh browser context (its own sessionStorage), signed in."""
    contexts: list[Any] = []
    errors: list[str] = []

    def make(sub: str, scope: str = USER) -> Any:
        ctx = browser.new_context(viewport=PHONE, accept_downloads=True)
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(30_000)  # a busy 2-core machine renders beside the browser
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(stack.base)
        page.fill("#token", token(sub, scope))
        page.click("#sign-in")
        page.wait_for_selector("#new-video")
        return page

    yield make
    for ctx in contexts:
        ctx.close()
    assert not errors, f"uncaught errors in the page: {errors}"


def submit_form(page: Any, topic: str, **fields: Any) -> str:
    """Fill the new-video form and send it; the new job's id (from the page's URL)."""
    page.click("#nav-new")
    page.wait_for_selector("#new-video")
    page.fill("#topic", topic)
    page.fill("#duration", str(fields.pop("duration", 20)))
    if fields:
        page.click("#new-video summary")
    for name, value in fields.items():
        if isinstance(value, bool):
            page.set_checked(f"#{name}", value)
        else:
            page.fill(f"#{name}", str(value))
    page.click("#submit")
    page.wait_for_url("**/#/job/*")
    return str(page.url.rsplit("/", 1)[1])


def page_status(page: Any) -> str:
    return str(page.get_attribute("#job-status", "class") or "").replace("badge", "").strip()


def wait_page_status(page: Any, statuses: set[str], timeout: float = JOB_TIMEOUT_S) -> str:
    return str(
        wait_for(
            lambda: page_status(page) in statuses and page_status(page),
            timeout,
            f"the page to show {statuses}",
            every=0.5,
        )
    )
