"""A derived job's picture taken from its parent (JobSpec.reuse) instead of painted again:
the still and what the painter said it drew are copied under this job's keys, so the job
stands on its own once the parent's files are cleaned up."""

import io

from PIL import Image, UnidentifiedImageError

from services.visual import record
from shared.messages import SceneIllustrated, SceneRequested
from shared.runtime import Permanent
from shared.storage import Storage, keys


def reuses(msg: SceneRequested) -> str | None:
    """The parent whose picture of this scene the job takes; None: paint it."""
    spec = msg.spec
    if spec.parent_id is None or spec.reuse is None:
        return None
    return spec.parent_id if msg.scene.index in spec.reuse.images else None


def seed_of(msg: SceneRequested) -> int | None:
    """The seed a redo chose for this scene's new picture, if it chose one."""
    reuse = msg.spec.reuse
    return reuse.seeds.get(msg.scene.index) if reuse is not None else None


async def copy_picture(msg: SceneRequested, parent: str, storage: Storage) -> SceneIllustrated:
    index = msg.scene.index
    source = keys.scene_image(parent, index)
    try:
        png = await storage.get(source)
        with Image.open(io.BytesIO(png)) as im:
            width, height = im.size
    except FileNotFoundError as e:  # checked at the redo; cleaned up since: no retry brings it
        raise Permanent(f"scene {index}: job {parent}'s picture is gone ({e})") from e
    except (UnidentifiedImageError, OSError) as e:
        raise Permanent(f"scene {index}: job {parent}'s picture is unreadable: {e}") from e
    key = keys.scene_image(msg.job_id, index)
    await storage.put(key, png, "image/png")
    try:
        drew = await storage.get(record.key_for(source))
    except FileNotFoundError:
        pass  # hosted pictures have no record
    else:
        await storage.put(record.key_for(key), drew, "application/json")
    return SceneIllustrated(
        job_id=msg.job_id,
        index=index,
        scene_count=msg.scene_count,
        story_key=msg.story_key,
        image_key=key,
        width=width,
        height=height,
    )
