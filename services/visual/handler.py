"""Visual stage: one still per scene, in the job's style, stored under a fixed key."""

import zlib
from dataclasses import dataclass

from services.visual.painter import Painter
from shared.messages import SceneIllustrated, SceneRequested
from shared.providers.scene import scene_failure
from shared.runtime import Context
from shared.storage import Storage, keys


@dataclass(frozen=True)
class VisualDeps:
    painter: Painter
    storage: Storage
    width: int = 1080
    height: int = 1920
    attempts: int = 4  # the runtime's max_attempts: the last one fails the job naming the scene


def scene_seed(job_seed: int | None, topic: str, index: int) -> int:
    """One seed per job (so scenes share a look) and a distinct one per scene."""
    base = job_seed if job_seed is not None else zlib.crc32(topic.encode())
    return (base * 1_000_003 + index) % 2**32


async def illustrate(msg: SceneRequested, ctx: Context, deps: VisualDeps) -> SceneIllustrated:
    scene = msg.scene
    try:
        png = await deps.painter.paint(
            scene.image_prompt,
            style=msg.spec.style,
            mood=scene.mood,
            seed=scene_seed(msg.spec.seed, msg.spec.topic, scene.index),
            width=deps.width,
            height=deps.height,
        )
    except Exception as e:
        raise scene_failure(scene.index, e, final=ctx.attempt + 1 >= deps.attempts) from e
    key = keys.scene_image(msg.job_id, scene.index)
    await deps.storage.put(key, png, "image/png")
    ctx.log.info("scene.illustrated", scene=scene.index, bytes=len(png))
    return SceneIllustrated(
        job_id=msg.job_id,
        index=scene.index,
        scene_count=msg.scene_count,
        story_key=msg.story_key,
        image_key=key,
        width=deps.width,
        height=deps.height,
    )
