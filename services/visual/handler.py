"""Visual stage: one still per scene, in the job's style, stored under a fixed key.

The painter is told where the scene sits in its job (index, every image prompt, the job seed)
so a painter that shoots a film can vary framing and subject across scenes that are painted by
different workers at once: each computes the same plan from the same story (docs/providers.md).
What the painter says it drew is stored beside the still as `scene-NN.json`.
"""

import json
import zlib
from dataclasses import dataclass

from pydantic import ValidationError

from services.visual import record
from services.visual.painter import Job, Painter
from services.visual.reuse import copy_picture, reuses, seed_of
from shared.messages import SceneIllustrated, SceneRequested
from shared.messages.story import Story
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


def job_seed(job_seed: int | None, topic: str) -> int:
    return job_seed if job_seed is not None else zlib.crc32(topic.encode())


def scene_seed(job_seed_: int | None, topic: str, index: int) -> int:
    """One seed per job (so scenes share a look) and a distinct one per scene."""
    return (job_seed(job_seed_, topic) * 1_000_003 + index) % 2**32


async def job_prompts(storage: Storage, story_key: str, scene_count: int) -> tuple[str, ...]:
    """Every scene's image prompt, from the stored story; () if it cannot be read (the painter
    then varies scenes by index alone)."""
    try:
        story = Story.model_validate_json(await storage.get(story_key))
    except (FileNotFoundError, ValidationError):
        return ()
    prompts = tuple(s.image_prompt for s in sorted(story.scenes, key=lambda s: s.index))
    return prompts if len(prompts) == scene_count else ()


async def illustrate(msg: SceneRequested, ctx: Context, deps: VisualDeps) -> SceneIllustrated:
    scene, spec = msg.scene, msg.spec
    if (parent := reuses(msg)) is not None:  # a redo that keeps this scene's picture
        copied = await copy_picture(msg, parent, deps.storage)
        await ctx.note("reused", scene=scene.index, parent=parent)
        return copied
    seed = seed_of(msg)
    job = Job(
        index=scene.index,
        prompts=await job_prompts(deps.storage, msg.story_key, msg.scene_count),
        seed=job_seed(spec.seed, spec.topic),
    )
    try:
        png = await deps.painter.paint(
            scene.image_prompt,
            style=spec.style,
            mood=scene.mood,
            seed=scene_seed(spec.seed, spec.topic, scene.index) if seed is None else seed,
            width=deps.width,
            height=deps.height,
            job=job,
        )
    except Exception as e:
        raise scene_failure(scene.index, e, final=ctx.attempt + 1 >= deps.attempts) from e
    key = keys.scene_image(msg.job_id, scene.index)
    await deps.storage.put(key, png, "image/png")
    drew = record.read(png)
    if drew is not None:
        body = json.dumps({"scene": scene.index, "prompt": scene.image_prompt, **drew}, indent=1)
        await deps.storage.put(record.key_for(key), body.encode(), "application/json")
    ctx.log.info("scene.illustrated", scene=scene.index, bytes=len(png), **(drew or {}))
    return SceneIllustrated(
        job_id=msg.job_id,
        index=scene.index,
        scene_count=msg.scene_count,
        story_key=msg.story_key,
        image_key=key,
        width=deps.width,
        height=deps.height,
    )
