"""The n8n pack (integrations/n8n) in a real n8n against a real `grimreel serve`: opt-in,
``pytest -m n8n``. The credentials and workflows are imported by n8n's CLI as a user would,
the events workflow is published and n8n started; the send workflow is executed for a valid
short job, a forbidden topic and a body that is not JSON, and the events workflow must take
the completed, rejected and rejected branch for them, the first after downloading the video.
The HTTP workflow then makes a job through POST /jobs and polls it to its download.

Own RabbitMQ vhost (grimreel-n8n-tests), Redis db 12, an S3 of its own (moto) so the video
links are http URLs n8n can fetch.
"""

import asyncio
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aio_pika
import jwt
import pytest

from shared.runtime import rabbit_topology as rt
from tests.conftest import require
from tests.n8n import variants
from tests.n8n.harness import Grimreel, N8n, free_port, wait_for
from tests.vhosts import ensure_vhost, purge

pytestmark = [pytest.mark.n8n, pytest.mark.timeout(1800)]

VHOST = "grimreel-n8n-tests"
REDIS_DB_URL = "redis://127.0.0.1:6379/12"
SECRET = "n8n-pack-test-secret-that-is-long-enough-for-hs256"
SHORT_JOB = {"duration_s": 20, "scenes": 3}  # the shortest a request may ask for
EVENTS = rt.EVENTS_QUEUES[0]


@dataclass
class Stack:
    n8n: N8n
    gateway: str
    records: Path
    run: str  # this run's mark in workflow ids and idempotency keys


def read(records: Path) -> list[dict[str, Any]]:
    if not records.exists():
        return []
    return [json.loads(line) for line in records.read_text().splitlines() if line.strip()]


async def _consumers(url: str) -> int:
    conn = await aio_pika.connect(url)
    async with conn:
        ch = await conn.channel()
        q = await ch.declare_queue(EVENTS, passive=True)
        return int(q.declaration_result.consumer_count or 0)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    from moto.server import ThreadedMotoServer

    require("127.0.0.1", 5672, "RabbitMQ")
    require("127.0.0.1", 6379, "Redis")
    tmp = tmp_path_factory.mktemp("n8n")
    url = ensure_vhost(VHOST)
    assert url.endswith("/" + VHOST), "the n8n test needs a vhost of its own (rabbitmqctl)"
    asyncio.run(purge(url, [1.0, 5.0, 30.0]))
    s3_port, gw_port = free_port(), free_port()
    s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port, verbose=False)
    s3.start()
    t0 = time.monotonic()
    grimreel = Grimreel(
        {
            "GRIMREEL_AMQP_URL": url,
            "GRIMREEL_REDIS_URL": REDIS_DB_URL,
            "GRIMREEL_STORAGE": "s3",
            "GRIMREEL_S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
            "GRIMREEL_S3_BUCKET": "grimreel-n8n",
            "GRIMREEL_S3_CREATE_BUCKET": "true",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "GRIMREEL_GATEWAY_PORT": str(gw_port),
            "GRIMREEL_AUTH_HS256_SECRET": SECRET,
            "GRIMREEL_SCRATCH_DIR": str(tmp / "scratch"),
            "GRIMREEL_LOG_LEVEL": "warning",
        },
        gw_port,
        tmp / "grimreel.log",
    )
    n8n = N8n(tmp / "n8n-home")
    n8n.folder.mkdir()
    try:
        now = int(time.time())
        token = jwt.encode(
            {"sub": "n8n", "scope": "jobs:read jobs:write", "iat": now, "exp": now + 7200},
            SECRET,
            "HS256",
        )
        run = uuid.uuid4().hex[:8]
        records = tmp / "events.jsonl"
        n8n.import_json("credentials", variants.credentials(VHOST, token))
        n8n.import_json("workflow", variants.events(records))
        n8n.cli("publish:workflow", "--id=grimreelEvents01")
        n8n.start()
        wait_for(lambda: asyncio.run(_consumers(url)) > 0, 60, "the events trigger consuming")
        print(f"\nstack up in {time.monotonic() - t0:.1f} s (grimreel serve, n8n start)")
        yield Stack(n8n, f"http://127.0.0.1:{gw_port}", records, run)
    finally:
        n8n.stop()
        grimreel.stop()
        s3.stop()


def _wait_records(records: Path, want: dict[str, Any], timeout: float) -> dict[str, Any]:
    """The recorded event for each idempotency key in ``want``, once all have arrived."""
    found: dict[str, Any] = {}

    def arrived() -> bool:
        for r in read(records):
            key = r["event"].get("data", {}).get("idempotency_key")
            if key in want and key not in found:
                found[key] = r
        return found.keys() == want.keys()

    wait_for(arrived, timeout, f"events for {sorted(want.keys() - found.keys())}", step=1)
    return found


def test_the_send_workflow_gets_one_answer_per_request_on_the_events_workflow(
    stack: Stack,
) -> None:
    ok, bad, junk = (f"n8n-{stack.run}-{k}" for k in ("ok", "bad", "junk"))
    sends = {
        ok: variants.send(f"s{stack.run}ok", {"topic": "the marsh lantern", **SHORT_JOB}, ok),
        bad: variants.send(
            f"s{stack.run}bad", {"topic": "a story about how to kill yourself tonight"}, bad
        ),
        junk: variants.send(f"s{stack.run}junk", {"topic": "x"}, junk, "this is not JSON {"),
    }
    for doc in sends.values():
        stack.n8n.import_json("workflow", doc)
    sent_ms = {}
    for key, doc in sends.items():
        run = stack.n8n.execute(doc["id"])
        (send,) = run["data"]["resultData"]["runData"]["Send to grimreel.ingress"]
        assert send["data"]["main"][0][0]["json"] == {"success": True}
        sent_ms[key] = send["startTime"]
    got = _wait_records(stack.records, {ok: 1, bad: 1, junk: 1}, timeout=1200)
    took = {k.rsplit("-", 1)[1]: (got[k]["at_ms"] - sent_ms[k]) / 1000 for k in got}
    print("\nanswer after send: " + ", ".join(f"{k} {v:.1f} s" for k, v in took.items()))

    done = got[ok]
    assert done["branch"] == "completed"
    assert done["event"]["type"] == "grimreel.job.completed.v1"
    assert done["event"]["data"]["video_url"].startswith("http://127.0.0.1:")
    assert done["video"]["mimeType"] == "video/mp4", done  # downloaded by the HTTP Request node
    for key, code in ((bad, "topic_refused"), (junk, "invalid_json")):
        assert got[key]["branch"] == "rejected", got[key]
        assert got[key]["event"]["type"] == "grimreel.job.rejected.v1"
        assert got[key]["event"]["data"]["code"] == code
    # exactly one answer per request
    keys = [r["event"]["data"].get("idempotency_key") for r in read(stack.records)]
    assert sorted(k for k in keys if k in got) == sorted(got)


def test_the_http_workflow_creates_polls_and_downloads_a_job(stack: Stack) -> None:
    key = f"n8n-{stack.run}-http"
    records = stack.records.with_name("http.jsonl")
    request = {"topic": "the bell under the frozen lake", **SHORT_JOB}
    stack.n8n.import_json("workflow", variants.http(request, key, stack.gateway, records))
    t0 = time.monotonic()
    run = stack.n8n.execute("grimreelHttp01", timeout=1500)
    polls = len(run["data"]["resultData"]["runData"]["Get job"])
    print(f"\nHTTP workflow: POST, {polls} polls, download: {time.monotonic() - t0:.1f} s")
    (rec,) = read(records)
    assert rec["branch"] == "completed", rec
    assert rec["event"]["status"] == "completed" and rec["event"]["idempotency_key"] == key
    assert rec["video"]["mimeType"] == "video/mp4", rec
