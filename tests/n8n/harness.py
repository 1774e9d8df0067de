"""A real n8n (the pinned npm release, cached) and a real grimreel serve for the pack's test.

n8n is installed once into ~/.cache/grimreel/n8n-<version> (7-15 min: its sqlite3 compiles);
each run gets its own user folder (database, encryption key) and free ports, so two runs or
another engineer's n8n on the machine never share state. Task runners (which run Code nodes)
listen on a port of their own too: the default 5679 would clash between processes.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

N8N_VERSION = "2.8.4"
CACHE = Path.home() / ".cache" / "grimreel" / f"n8n-{N8N_VERSION}"
# one of n8n's dependencies points xlsx at a CDN tarball; the npm-hosted build installs offline
PACKAGE = {
    "name": "grimreel-n8n",
    "private": True,
    "dependencies": {"n8n": N8N_VERSION},
    "overrides": {"xlsx": "npm:xlsx@0.18.5"},
}
PACK = Path(__file__).resolve().parents[2] / "integrations" / "n8n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def n8n_binary() -> Path:
    """The cached n8n, installed first when the cache folder has none."""
    binary = CACHE / "node_modules" / ".bin" / "n8n"
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("n8n is not cached and npm is missing: install Node 20+ with npm")
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "package.json").write_text(json.dumps(PACKAGE, indent=2))
    subprocess.run([npm, "install", "--no-audit", "--no-fund"], cwd=CACHE, check=True,
                   timeout=3600)  # fmt: skip
    return binary


def wait_for(check: Callable[[], bool], timeout: float, what: str, step: float = 0.5) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(step)
    raise TimeoutError(f"{what}: not within {timeout:.0f} s")


def answers_http(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return bool(r.status == 200)
    except OSError:
        return False


class N8n:
    """The n8n CLI against one user folder."""

    def __init__(self, folder: Path) -> None:
        self.binary, self.folder = n8n_binary(), folder
        self.port = free_port()
        self.log = folder / "n8n.log"
        self.server: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "N8N_USER_FOLDER": str(self.folder),
            "N8N_PORT": str(self.port),
            "N8N_DIAGNOSTICS_ENABLED": "false",
            "N8N_VERSION_NOTIFICATIONS_ENABLED": "false",
            "N8N_RUNNERS_BROKER_PORT": str(free_port()),
            # the test's recorder Code nodes append to a file
            "N8N_BLOCK_ENV_ACCESS_IN_NODE": "false",
            "NODE_FUNCTION_ALLOW_BUILTIN": "fs",
        }

    def cli(self, *args: str, timeout: float = 300) -> str:
        proc = subprocess.run([str(self.binary), *args], env=self.env(), cwd=self.folder,
                              capture_output=True, text=True, timeout=timeout)  # fmt: skip
        if proc.returncode != 0:
            raise RuntimeError(f"n8n {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n"
                               f"{proc.stderr[-3000:]}")  # fmt: skip
        return proc.stdout

    def execute(self, workflow_id: str, timeout: float = 300) -> dict[str, Any]:
        """Run a workflow from its manual trigger; the run's data. (n8n prints it at its info
        log level: a quieter N8N_LOG_LEVEL would hide it.)"""
        out = self.cli("execute", f"--id={workflow_id}", "--rawOutput", timeout=timeout)
        run: dict[str, Any] = json.loads(out[out.index("\n{") + 1 :])
        return run

    def import_json(self, kind: str, doc: Any) -> None:
        path = self.folder / f"import-{kind}-{time.monotonic_ns()}.json"
        path.write_text(json.dumps(doc))
        self.cli(f"import:{kind}", f"--input={path}")

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.server = subprocess.Popen([str(self.binary), "start"], env=self.env(),
                                           cwd=self.folder, stdout=log, stderr=log)  # fmt: skip
        wait_for(lambda: answers_http(f"http://127.0.0.1:{self.port}/healthz"), 120, "n8n start")

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(30)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait(10)


class Grimreel:
    """`grimreel serve` (gateway, ingress consumer and every stage) in a child process."""

    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.port, self.log = port, log
        with log.open("ab") as out:
            cmd = [sys.executable, "-m", "services.cli.commands", "serve", "--no-scheduler"]
            self.proc = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=out,
                                         stderr=out, cwd=PACK.parents[1])  # fmt: skip
        wait_for(self.ready, 180, "grimreel serve")

    def ready(self) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError(f"grimreel serve exited: {self.log.read_text()[-3000:]}")
        return answers_http(f"http://127.0.0.1:{self.port}/ready")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
