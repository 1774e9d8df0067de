"""`grimreel doctor`: what is configured, and does each dependency answer."""

import asyncio
import subprocess
from collections.abc import Awaitable, Callable

from services.render.selftest import encode_selftest
from services.render.settings import RenderSettings
from shared.config import Settings, load_as
from shared.media.ffmpeg import ffmpeg_exe
from shared.wiring import make_bus, make_state, make_storage

FILTERS = ("zoompan", "xfade", "ass", "loudnorm", "sidechaincompress")


def check_ffmpeg(settings: Settings) -> str:
    exe = ffmpeg_exe(settings.ffmpeg)
    out = subprocess.run(
        [exe, "-hide_banner", "-filters"], capture_output=True, text=True, timeout=20
    ).stdout
    missing = [f for f in FILTERS if f" {f} " not in out]
    enc = subprocess.run(
        [exe, "-hide_banner", "-encoders"], capture_output=True, text=True, timeout=20
    ).stdout
    if "libx264" not in enc:
        missing.append("libx264")
    if missing:
        raise RuntimeError(f"{exe} lacks {', '.join(missing)}")
    return exe


async def _encode(settings: Settings) -> str:
    """A one-second render with the configured ffmpeg, the way a job's render runs."""
    return await encode_selftest(ffmpeg_exe(settings.ffmpeg), load_as(RenderSettings))


async def _redis(settings: Settings) -> str:
    state = make_state(settings)
    try:
        await asyncio.wait_for(state.ping(), 3)
        persistence = getattr(state, "persistence", None)
        why = await persistence() if persistence is not None else None
        return settings.redis_url + (
            f" (warning: {why}; run it with --appendonly yes)" if why else ""
        )
    finally:
        await state.close()


async def _rabbit(settings: Settings) -> str:
    bus = make_bus(settings)
    await asyncio.wait_for(bus.connect(), 5)
    await bus.close()
    return settings.amqp_url.split("@")[-1]


async def _storage(settings: Settings) -> str:
    storage = make_storage(settings, wait_out_outages=False)
    try:
        if not await storage.ping():
            raise RuntimeError("storage does not answer or is not writable")
    finally:
        await storage.close()
    return settings.storage if settings.storage == "s3" else str(settings.storage_dir)


async def diagnose(settings: Settings, services: bool) -> list[tuple[str, bool, str]]:
    checks: dict[str, Callable[[], Awaitable[str]]] = {
        "ffmpeg": lambda: asyncio.to_thread(check_ffmpeg, settings),
        "encode": lambda: _encode(settings),
        "storage": lambda: _storage(settings),
    }
    if services:
        checks |= {"redis": lambda: _redis(settings), "rabbitmq": lambda: _rabbit(settings)}
    rows = []
    for name, check in checks.items():
        try:
            rows.append((name, True, await check()))
        except Exception as e:  # doctor reports every failure, it never raises
            rows.append((name, False, f"{type(e).__name__}: {e}"))
    return rows
