"""Fetching a job's story, voices and pictures into the scratch folder, and vetting them."""

import asyncio
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from pydantic import ValidationError

from services.render.renderer import Renderer
from shared.messages.render import AssetsReady, SceneAssets
from shared.messages.scene import WordTiming
from shared.messages.story import Story
from shared.runtime.errors import Permanent
from shared.storage.base import Storage

PARALLEL = 4  # downloads and probes at once: enough to hide latency, few child processes


@dataclass(frozen=True)
class SceneInput:
    index: int
    image: Path  # relative to the scratch folder, as ffmpeg runs there
    audio: Path
    speech_s: float  # measured from the audio file, not taken from the message
    words: list[WordTiming]


async def fetch_story(storage: Storage, key: str) -> Story:
    try:
        return Story.model_validate_json(await storage.get(key))
    except FileNotFoundError as e:
        raise Permanent(f"story {key!r} is missing from storage") from e
    except ValidationError as e:
        raise Permanent(f"story {key!r} is not a valid story: {e.errors()[0]['msg']}") from e


async def fetch_scenes(
    msg: AssetsReady, storage: Storage, folder: Path, renderer: Renderer
) -> list[SceneInput]:
    """Every scene's audio and image, in index order; Permanent naming the first bad one."""
    scenes = sorted(msg.scenes, key=lambda s: s.index)
    if not scenes:
        raise Permanent("assets.ready lists no scenes")
    if len({s.index for s in scenes}) != len(scenes):
        raise Permanent("assets.ready lists a scene index twice")
    gate = asyncio.Semaphore(PARALLEL)

    async def one(scene: SceneAssets) -> SceneInput:
        async with gate:
            return await _fetch_scene(scene, storage, folder, renderer)

    tasks = [asyncio.ensure_future(one(s)) for s in scenes]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        # the first bad scene decides; the others' downloads and probes are stopped, not orphaned
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


async def _fetch_scene(
    scene: SceneAssets, storage: Storage, folder: Path, renderer: Renderer
) -> SceneInput:
    i = scene.index
    audio, image = Path(f"scene-{i:03d}.wav"), Path(f"scene-{i:03d}.png")
    for key, name in ((scene.audio_key, audio), (scene.image_key, image)):
        try:
            await storage.get_file(key, folder / name)
        except FileNotFoundError as e:
            raise Permanent(f"scene {i}: {key!r} is missing from storage", scene=i) from e
    try:
        speech_s = await renderer.speech_s(folder / audio)
    except ValueError as e:  # the renderer's words: "has no samples", "is unreadable: ..."
        raise Permanent(f"scene {i}: audio {scene.audio_key!r} {e}", scene=i) from e
    await asyncio.to_thread(_check_image, folder / image, scene)
    return SceneInput(index=i, image=image, audio=audio, speech_s=speech_s, words=list(scene.words))


def _check_image(path: Path, scene: SceneAssets) -> None:
    """Pillow's verify walks every chunk and checks its CRC without decoding pixels, so a
    truncated or damaged file fails here, not halfway through the render."""
    try:
        with Image.open(path) as im:
            size = im.size
            im.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as e:
        raise Permanent(
            f"scene {scene.index}: image {scene.image_key!r} is not a readable picture: {e}",
            scene=scene.index,
        ) from e
    if min(size) < 16:
        raise Permanent(
            f"scene {scene.index}: image {scene.image_key!r} is {size[0]}x{size[1]}",
            scene=scene.index,
        )
