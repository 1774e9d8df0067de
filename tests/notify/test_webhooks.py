"""Webhook delivery against a real local receiver: signatures, retries, bounds, headers."""

import json
import time
from pathlib import Path

from services.notify.engine.signing import sign, verify
from services.notify.providers.webhook import body_of
from services.notify.targets import check_url, redact, url_id
from tests.notify.channel_setup import webhooks as hooks
from tests.notify.receiver import SECRET, Receiver

EVENT = {"id": "e1", "type": "job.completed", "job_id": "j1", "status": "completed"}


async def test_500_twice_then_200_is_delivered_on_the_third_signed_attempt(
    receiver: Receiver,
) -> None:
    receiver.script = [500, 500]
    [d] = await hooks().deliver([receiver.url], EVENT)
    assert (d.status, d.attempts, d.code) == ("delivered", 3, 200)
    assert len(receiver.hits) == 3 and all(h["signed"] for h in receiver.hits)
    assert json.loads(receiver.hits[-1]["body"]) == EVENT
    sig = receiver.hits[-1]["headers"]["X-Grimreel-Signature"]
    assert sig.startswith("v1=") and len(sig) == 3 + 64


async def test_retries_stop_within_the_total_time_bound(receiver: Receiver) -> None:
    receiver.script = [503] * 1000
    t0 = time.monotonic()
    [d] = await hooks(total_s=0.4, backoff_s=0.05).deliver([receiver.url], EVENT)
    assert d.status == "failed" and d.code == 503 and d.attempts >= 3
    assert time.monotonic() - t0 < 1.0


async def test_retry_after_is_honoured_over_the_backoff(receiver: Receiver) -> None:
    receiver.script, receiver.retry_after = [429], "0.3"
    [d] = await hooks(backoff_s=0.01).deliver([receiver.url], EVENT)
    assert (d.status, d.attempts) == ("delivered", 2)
    assert receiver.hits[1]["at"] - receiver.hits[0]["at"] >= 0.3


async def test_a_retry_after_beyond_the_total_time_gives_up_at_once(receiver: Receiver) -> None:
    receiver.script, receiver.retry_after = [503], "120"
    t0 = time.monotonic()
    [d] = await hooks(total_s=5.0).deliver([receiver.url], EVENT)
    assert (d.status, d.attempts, d.code) == ("failed", 1, 503)
    assert time.monotonic() - t0 < 1.0 and len(receiver.hits) == 1


async def test_a_client_error_is_not_retried(receiver: Receiver) -> None:
    receiver.script = [404]
    [d] = await hooks().deliver([receiver.url], EVENT)
    assert (d.status, d.attempts, d.code, d.error) == ("failed", 1, 404, "HTTP 404: Not Found")


async def test_an_unreachable_receiver_fails_with_the_reason_not_an_exception() -> None:
    from tests.notify.smtp_server import free_port

    url = f"http://127.0.0.1:{free_port()}/hook"  # nothing listens there
    [d] = await hooks(total_s=0.2, backoff_s=0.05).deliver([url], EVENT)
    assert d.status == "failed" and d.code is None and "ClientConnectorError" in (d.error or "")


async def test_payload_strings_never_become_headers(receiver: Receiver) -> None:
    evil = {**EVENT, "reason": "boom\r\nX-Injected: yes\r\n\r\nsmuggled", "job_id": "j\nX-Evil: 1"}
    [d] = await hooks().deliver([receiver.url], evil)
    assert d.status == "delivered"
    headers = {k.lower() for k in receiver.hits[0]["headers"]}
    assert not headers & {"x-injected", "x-evil"}
    assert json.loads(receiver.hits[0]["body"])["reason"] == evil["reason"]


def test_signature_matches_the_documented_scheme_and_rejects_tampering() -> None:
    body = body_of(EVENT)
    ts = int(time.time())
    sig = sign(SECRET, ts, body)
    assert verify(SECRET, str(ts), body, sig)
    assert verify(SECRET, str(ts), body, f"v1=00,{sig}")  # rotation: any listed signature
    assert not verify(SECRET, str(ts), body + b" ", sig)
    assert not verify(b"other-secret-xxxxxxxx", str(ts), body, sig)
    assert not verify(SECRET, str(ts - 3600), body, sign(SECRET, ts - 3600, body))  # replay
    assert not verify(SECRET, "soon", body, sig)


def test_urls_are_checked_and_redacted_before_any_network_use() -> None:
    assert check_url("https://hooks.example.com/T0/B0/secret?token=abc") is None
    assert "credentials" in (check_url("https://user:pw@example.com/") or "")
    assert check_url("https://example.com/a b") is not None
    assert check_url("ftp://example.com/") is not None
    assert check_url("https://example.com/\r\nX: y") is not None
    assert (
        redact("https://hooks.example.com/T0/B0/secret?token=abc") == "https://hooks.example.com/…"
    )
    assert redact("http://[::1]:8080") == "http://[::1]:8080"
    assert url_id("https://a/") == url_id("https://a/") != url_id("https://b/")


async def test_the_documented_receiver_snippet_accepts_a_real_delivery(receiver: Receiver) -> None:
    doc = (Path(__file__).parents[2] / "docs" / "notify.md").read_text()
    snippet = doc.split("```python\n", 1)[1].split("```", 1)[0]
    scope: dict = {}
    exec(compile(snippet, "docs/notify.md", "exec"), scope)
    await hooks().deliver([receiver.url], EVENT)
    hit = receiver.hits[0]
    assert scope["verify_grimreel"](SECRET, hit["headers"], hit["body"])
    assert not scope["verify_grimreel"](SECRET, hit["headers"], hit["body"] + b"x")
