"""Offline images: procedural horror stills (services.visual.engine), no key, no network.

The painter reads each prompt's subject from a vocabulary of ~100 (docs/providers.md), shoots
every scene of a job differently, and writes what it drew into the PNG (a text chunk) so the
handler can keep it beside the still.
"""

import asyncio
from functools import partial

from pydantic_settings import BaseSettings, SettingsConfigDict

from services.visual.engine.still import render
from services.visual.painter import SINGLE, Job
from shared.providers import Kit, Provider

MIN_SIDE, MAX_SIDE = 64, 4096


class OfflineImageSettings(BaseSettings):
    """Nothing to configure: the drawing is decided by the arguments alone."""

    model_config = SettingsConfigDict(env_prefix="GRIMREEL_PROCEDURAL_", extra="ignore")


class OfflinePainter:
    name = "procedural"
    model = "procedural-v2"  # bump when the drawing changes, or cached stills look the old way
    sends_prompts = False

    async def paint(
        self, prompt: str, *, style: str, mood: str, seed: int, width: int, height: int,
        job: Job = SINGLE,
    ) -> bytes:  # fmt: skip
        for side in (width, height):
            if not MIN_SIDE <= side <= MAX_SIDE:
                raise ValueError(
                    f"image sides must be {MIN_SIDE}..{MAX_SIDE} px, got {width}x{height}"
                )
        # ~0.3 s of numpy per frame: off the event loop so the service keeps consuming.
        draw = partial(render, index=job.index, prompts=job.prompts, job_seed=job.seed)
        return await asyncio.to_thread(draw, prompt, style, mood, seed, width, height)


def build(settings: OfflineImageSettings, kit: Kit) -> OfflinePainter:
    return OfflinePainter()


PROVIDER = Provider(
    kind="image",
    name="offline",
    settings=OfflineImageSettings,
    factory=build,
    summary="procedural horror stills drawn with numpy and Pillow; no key, no network",
)
