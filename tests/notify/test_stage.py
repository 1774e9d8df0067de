"""The real notify stage inside the stage runtime (memory bus), and its settings."""

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from services.notify.bootstrap import build, make_deps
from services.notify.providers.smtp import SmtpMailer
from services.notify.providers.tiktok import TikTokPoster
from services.notify.providers.webhook import HttpWebhooks
from shared.config import ConfigError, Settings, load_settings
from shared.jobs import submit
from shared.messages import JobSpec
from shared.runtime import Context
from shared.runtime.hosting import Runtime
from shared.runtime.memory_bus import MemoryBus
from shared.runtime.stub_stages import build_stub_stages
from shared.state.memory import MemoryState
from tests.notify.receiver import SECRET, Receiver


async def wait_final(state: MemoryState, job_id: str) -> str:
    async with asyncio.timeout(5):
        while True:
            job = await state.get(job_id)
            if (
                job
                and job.final
                and any(
                    e.get("stage") == "notify" and e.get("event") == "done"
                    for e in await state.timeline(job_id)
                )
            ):
                return job.status
            await asyncio.sleep(0.01)


async def test_jobs_end_through_the_real_notify_stage(tmp_path: Path, receiver: Receiver) -> None:
    settings = Settings(
        storage_dir=tmp_path,
        retry_delays_s=[0.01],
        max_attempts=1,
        webhook_secret=SECRET.decode(),
        webhook_allow=["127.0.0.1/32"],
        webhook_backoff_s=0.01,
    )

    async def hook(name: str, msg: Any, ctx: Context) -> None:
        if name == "tts" and msg.spec.topic == "cursed tape":
            raise RuntimeError("voice engine exploded")

    stages = [s for s in build_stub_stages(2, hook) if s.name != "notify"] + build(settings)
    bus, state = MemoryBus(), MemoryState()
    runtime = Runtime(bus, state, settings, stages)
    await runtime.start()
    try:
        good = await submit(bus, state, JobSpec(topic="a quiet house", webhook_url=receiver.url))
        bad = await submit(bus, state, JobSpec(topic="cursed tape", webhook_url=receiver.url))
        assert await wait_final(state, good.job_id) == "completed"
        assert await wait_final(state, bad.job_id) == "failed"
    finally:
        await runtime.stop(grace_s=1)
    assert [e.data["job_id"] for e in bus.outside["job.completed"]] == [good.job_id]
    events = {json.loads(h["body"])["job_id"]: json.loads(h["body"]) for h in receiver.hits}
    assert events[good.job_id]["type"] == "job.completed"
    assert "voice engine exploded" in events[bad.job_id]["reason"]
    assert all(h["signed"] for h in receiver.hits)


def test_build_wires_only_the_configured_channels(tmp_path: Path) -> None:
    bare = make_deps(Settings(storage_dir=tmp_path))
    assert (bare.webhooks, bare.mailer, bare.poster, bare.keep_work) == (None, None, None, "failed")
    full = make_deps(
        Settings(
            storage_dir=tmp_path,
            webhook_secret="0123456789abcdef",
            webhook_urls=["https://ops.example.com/hook"],
            smtp_host="127.0.0.1",
            smtp_username="u",
            smtp_password="p",
            tiktok_access_token="tok",
            keep_work=True,
        )
    )
    assert isinstance(full.webhooks, HttpWebhooks) and isinstance(full.mailer, SmtpMailer)
    assert isinstance(full.poster, TikTokPoster) and full.keep_work == "all"
    assert "ops.example.com" not in repr(full)


@pytest.mark.parametrize(
    ("overrides", "says"),
    [
        ({"webhook_secret": "too-short-pw"}, "at least 16"),
        ({"webhook_urls": ["https://a.example/h"]}, "GRIMREEL_WEBHOOK_SECRET"),
        ({"webhook_urls": ["https://u:pw@a.example/h"]}, "without credentials"),
        ({"webhook_allow": ["10.0.0.0/33"]}, "IPs or CIDRs"),
        ({"smtp_password": "hunter2-secret"}, "go together"),
        ({"smtp_from": "nobody"}, "smtp_from must be an address"),
        ({"smtp_ca_file": "/nonexistent/ca.pem"}, "not a readable file"),
        ({"tiktok_base_url": "https://x.example/v2"}, "bare http(s) origin"),
        ({"tiktok_chunk_mb": 2}, "GRIMREEL_TIKTOK_CHUNK_MB"),
    ],
)
def test_bad_notify_settings_are_named_and_secrets_never_echoed(overrides, says) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(**overrides)
    text = str(caught.value)
    assert says in text
    assert "too-short-pw" not in text and "hunter2-secret" not in text
