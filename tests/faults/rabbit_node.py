"""A RabbitMQ node of the fault suite's own, on free loopback ports with its own data folder,
that a test stops and starts again — never the shared broker other test runs use.

The Debian wrapper on PATH re-runs itself as the `rabbitmq` user, who cannot enter a test's
tmp folder; the scripts it wraps run as the caller, with the cookie in our own HOME.
"""

import os
import shutil
import subprocess
from pathlib import Path

from tests.faults.ports import free_port

BOOT_S = 120  # a first boot creates its database: ~10 s idle, much longer on 2 busy cores


def _script(name: str) -> str:
    unwrapped = Path("/usr/lib/rabbitmq/bin") / name
    if unwrapped.exists():
        return str(unwrapped)
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is not installed (scripts/services.sh installs RabbitMQ)")
    return found


class RabbitNode:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.node = f"grimreel-fault-{os.getpid()}@localhost"
        self.url = f"amqp://guest:guest@127.0.0.1:{self.port}/"
        (folder / "plugins").write_text("[].\n")  # no management or prometheus listeners
        self.env = {
            **os.environ,
            "HOME": str(folder),
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(free_port()),
            "RABBITMQ_MNESIA_BASE": str(folder / "mnesia"),
            "RABBITMQ_LOG_BASE": str(folder / "log"),
            "RABBITMQ_PID_FILE": str(folder / "node.pid"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(folder / "plugins"),
            "RABBITMQ_CONFIG_FILE": str(folder / "none"),
            "RABBITMQ_ADVANCED_CONFIG_FILE": str(folder / "none.config"),
        }
        self.proc: subprocess.Popen[bytes] | None = None

    def _ctl(self, *args: str) -> None:
        cmd = [_script("rabbitmqctl"), "-n", self.node, *args]
        done = subprocess.run(cmd, env=self.env, capture_output=True, timeout=BOOT_S + 30)
        if done.returncode != 0:
            raise RuntimeError(f"rabbitmqctl {' '.join(args)}: {done.stderr.decode()[-500:]}")

    def start(self) -> None:
        log = (self.folder / "server.log").open("ab")
        self.proc = subprocess.Popen(
            [_script("rabbitmq-server")], env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        self._ctl("wait", "--timeout", str(BOOT_S), str(self.folder / "node.pid"))

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            self._ctl("stop")
        finally:
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
            self.proc = None
