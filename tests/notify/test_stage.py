"""The real notify stage inside the stage runtime (memory bus), and its settings."""

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from services.notify.bootstrap import PACKAGE, ChannelSettingsSet, build, make_deps
from services.notify.providers.smtp import SmtpMailer
from services.notify.providers.tiktok import TikTokPoster
from services.notify.providers.webhook import HttpWebhooks
from services.notify.settings import NotifySettings, SmtpSettings, TiktokSettings, WebhookSettings
from shared.config import ConfigError, Settings, load_as
from shared.jobs import submit
from shared.messages import JobSpec
from shared.providers import find
from shared.runtime import Context
from shared.runtime.hosting import Runtime
from shared.runtime.memory_bus import MemoryBus
from shared.runtime.stub_stages import build_stub_stages
from shared.state.memory import MemoryState
from tests.notify.receiver import SECRET, Receiver


def channel_settings(**given: Any) -> ChannelSettingsSet:
    """Every channel off unless given: no environment variable reaches these tests."""
    off = {"webhook": WebhookSettings(), "smtp": SmtpSettings(), "tiktok": TiktokSettings()}
    return ChannelSettingsSet(**{**off, **given})


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
    settings = Settings(storage_dir=tmp_path, retry_delays_s=[0.01], max_attempts=1)
    channels = channel_settings(
        webhook=WebhookSettings(secret=SECRET.decode(), allow=["127.0.0.1/32"], backoff_s=0.01)
    )

    async def hook(name: str, msg: Any, ctx: Context) -> None:
        if name == "tts" and msg.spec.topic == "cursed tape":
            raise RuntimeError("voice engine exploded")

    stages = [s for s in build_stub_stages(2, hook) if s.name != "notify"]
    stages += build(settings, channels=channels)
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
    settings = Settings(storage_dir=tmp_path)
    bare = make_deps(settings, NotifySettings(), channel_settings())
    assert (bare.webhooks, bare.mailer, bare.poster, bare.keep_work) == (None, None, None, "all")
    full = make_deps(
        settings,
        NotifySettings(notify_keep_work="none", keep_work=True),
        channel_settings(
            webhook=WebhookSettings(
                secret="0123456789abcdef", urls=["https://ops.example.com/hook"]
            ),
            smtp=SmtpSettings(host="127.0.0.1", username="u", password="p", from_="me <me@x.io>"),
            tiktok=TiktokSettings(access_token="tok"),
        ),
    )
    assert isinstance(full.webhooks, HttpWebhooks) and isinstance(full.mailer, SmtpMailer)
    assert isinstance(full.poster, TikTokPoster) and full.keep_work == "all"
    assert full.webhook_urls == ("https://ops.example.com/hook",)
    assert full.mail_from == "me <me@x.io>"
    assert "ops.example.com" not in repr(full)


@pytest.mark.parametrize(
    ("name", "built"),
    [("webhook", HttpWebhooks), ("smtp", SmtpMailer), ("tiktok", TikTokPoster)],
)
def test_each_channel_is_found_by_name(name: str, built: type) -> None:
    channels = channel_settings(
        webhook=WebhookSettings(secret="0123456789abcdef"),
        smtp=SmtpSettings(host="127.0.0.1"),
        tiktok=TiktokSettings(access_token="tok"),
    )
    assert find("channel", name, PACKAGE).name == name
    assert isinstance(channels.build(name), built)
    assert channel_settings().build(name) is None  # off until its settings turn it on


def test_an_unknown_channel_is_a_config_error_naming_the_known_ones() -> None:
    with pytest.raises(ConfigError, match=r"known: smtp, tiktok, webhook"):
        find("channel", "pigeon", PACKAGE)


def test_channel_settings_keep_their_environment_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIMREEL_SMTP_FROM", "ops <ops@example.com>")
    monkeypatch.setenv("GRIMREEL_WEBHOOK_TOTAL_S", "7")
    monkeypatch.setenv("GRIMREEL_TIKTOK_CHUNK_MB", "6")
    monkeypatch.setenv("GRIMREEL_NOTIFY_KEEP_WORK", "none")
    env = ChannelSettingsSet.from_env()
    assert env.smtp.from_ == "ops <ops@example.com>" and env.webhook.total_s == 7
    assert env.tiktok.chunk_mb == 6 and load_as(NotifySettings).keeps == "none"
    monkeypatch.setenv("GRIMREEL_KEEP_WORK", "true")  # the older switch still keeps all
    assert load_as(NotifySettings).keeps == "all"


@pytest.mark.parametrize(
    ("section", "overrides", "says"),
    [
        (WebhookSettings, {"secret": "too-short-pw"}, "at least 16"),
        (WebhookSettings, {"urls": ["https://a.example/h"]}, "GRIMREEL_WEBHOOK_SECRET"),
        (WebhookSettings, {"urls": ["https://u:pw@a.example/h"]}, "without credentials"),
        (WebhookSettings, {"allow": ["10.0.0.0/33"]}, "IPs or CIDRs"),
        (SmtpSettings, {"password": "hunter2-secret"}, "go together"),
        (SmtpSettings, {"from_": "nobody"}, "GRIMREEL_SMTP_FROM: smtp_from must be an address"),
        (SmtpSettings, {"ca_file": "/nonexistent/ca.pem"}, "not a readable file"),
        (TiktokSettings, {"base_url": "https://x.example/v2"}, "bare http(s) origin"),
        (TiktokSettings, {"chunk_mb": 2}, "GRIMREEL_TIKTOK_CHUNK_MB"),
        (NotifySettings, {"notify_keep_work": "some"}, "GRIMREEL_NOTIFY_KEEP_WORK"),
    ],
)
def test_bad_notify_settings_are_named_and_secrets_never_echoed(section, overrides, says) -> None:
    with pytest.raises(ConfigError) as caught:
        load_as(section, **overrides)
    text = str(caught.value)
    assert says in text
    assert "too-short-pw" not in text and "hunter2-secret" not in text
