"""An S3 server (moto) in a process of its own, that a test makes unreachable and brings back.

Stopping the server thread keeps the buckets and objects — they live in this process's moto
backend — so "start" brings back an S3 with its data, like an endpoint that was unreachable
for a while. Its own process, so serving the stages' uploads does not share the test's GIL.
`python -m tests.faults.s3_server <port>`, then "stop" / "start" lines on stdin, each
answered by a line on stdout.
"""

import logging
import subprocess
import sys

from moto.server import ThreadedMotoServer

from tests.faults.ports import free_port

ANSWER_S = 60


class S3Server:
    """The test's side: starts the process and sends it the commands."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "tests.faults.s3_server", str(self.port)]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self._expect("started")

    def _expect(self, answer: str) -> None:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if line != answer:
            raise RuntimeError(f"moto server answered {line!r}, not {answer!r}")

    def _send(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        self._expect(command + "ed" if command == "start" else command + "ped")

    def stop(self) -> None:
        self._send("stop")

    def start(self) -> None:
        self._send("start")

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait(ANSWER_S)


def serve(port: int) -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    print("started", flush=True)
    for line in sys.stdin:
        if line.strip() == "stop":
            server.stop()
            print("stopped", flush=True)
        elif line.strip() == "start":
            server.start()
            print("started", flush=True)


if __name__ == "__main__":
    serve(int(sys.argv[1]))
