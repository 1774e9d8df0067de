"""tts and visual for a redo: a scene in the reuse plan is copied from the parent's files (no
voice or painter called), a redrawn scene is painted with the plan's seed, and a parent file
gone since the redo was accepted fails the job naming the scene."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from services.tts.handler import TtsDeps, narrate
from services.visual.handler import VisualDeps, illustrate
from services.visual.painter import SINGLE, Job
from shared.messages.job import Reuse
from shared.runtime import Permanent
from shared.storage import keys
from shared.storage.local import LocalStorage
from tests.tts.messages import context, scene_request

PARENT = "parent-job"


class Untouchable:
    """A voice and a painter that must not be asked."""

    name = model = "untouchable"
    sends_prompts = False

    async def speak(self, text: str, *, voice: str, language: str) -> Any:
        raise AssertionError("the voice was asked for a reused scene")

    async def paint(self, prompt: str, **kw: Any) -> bytes:
        raise AssertionError("the painter was asked for a reused scene")


class Recording:
    name = model = "recording"
    sends_prompts = False

    def __init__(self) -> None:
        self.seeds: list[int] = []

    async def paint(self, prompt: str, *, seed: int, job: Job = SINGLE, **kw: Any) -> bytes:
        self.seeds.append(seed)
        buf = io.BytesIO()
        Image.new("RGB", (1080, 1920), (1, 2, 3)).save(buf, "PNG")
        return buf.getvalue()


def png(w: int, h: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (200, 0, 200)).save(buf, "PNG")
    return buf.getvalue()


def derived(index: int, reuse: Reuse) -> Any:
    return scene_request("child", index, seed=4, parent_id=PARENT, reuse=reuse)


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "store")


async def test_a_reused_narration_is_copied_with_its_timings(storage: LocalStorage) -> None:
    words = {"duration_s": 2.5, "words": [{"word": "knock", "start": 0.1, "end": 0.4}]}
    await storage.put(keys.scene_audio(PARENT, 1), b"RIFF-parent-audio")
    await storage.put(keys.scene_words(PARENT, 1), json.dumps(words).encode())
    deps = TtsDeps(voice=Untouchable(), storage=storage)
    out = await narrate(derived(1, Reuse(audio=(0, 1))), context("child", "tts"), deps)
    assert out.audio_key == keys.scene_audio("child", 1) and out.duration_s == 2.5
    assert [w.word for w in out.words] == ["knock"] and out.voice == "reused"
    assert await storage.get(out.audio_key) == b"RIFF-parent-audio"
    assert json.loads(await storage.get(keys.scene_words("child", 1))) == words


async def test_a_reused_picture_is_copied_with_what_was_drawn(storage: LocalStorage) -> None:
    await storage.put(keys.scene_image(PARENT, 2), png(540, 960))
    await storage.put(f"{PARENT}/work/scene-02.json", b'{"subject": "well"}')
    deps = VisualDeps(painter=Untouchable(), storage=storage)
    out = await illustrate(derived(2, Reuse(images=(2,))), context("child", "visual"), deps)
    assert (out.image_key, out.width, out.height) == (keys.scene_image("child", 2), 540, 960)
    assert await storage.get(out.image_key) == png(540, 960)
    assert await storage.get("child/work/scene-02.json") == b'{"subject": "well"}'


async def test_a_redrawn_scene_gets_the_plans_seed(storage: LocalStorage) -> None:
    painter = Recording()
    deps = VisualDeps(painter=painter, storage=storage)
    plan = Reuse(images=(0, 2), seeds={1: 12345})
    await illustrate(derived(1, plan), context("child", "visual"), deps)
    await illustrate(scene_request("plain", 1, seed=4), context("plain", "visual"), deps)
    assert painter.seeds[0] == 12345 and painter.seeds[1] != 12345


async def test_a_parent_file_gone_since_the_redo_fails_the_job(storage: LocalStorage) -> None:
    tts = TtsDeps(voice=Untouchable(), storage=storage)
    with pytest.raises(Permanent, match=f"scene 0: job {PARENT}'s narration is gone"):
        await narrate(derived(0, Reuse(audio=(0,))), context("child", "tts"), tts)
    visual = VisualDeps(painter=Untouchable(), storage=storage)
    with pytest.raises(Permanent, match=f"scene 0: job {PARENT}'s picture is gone"):
        await illustrate(derived(0, Reuse(images=(0,))), context("child", "visual"), visual)
