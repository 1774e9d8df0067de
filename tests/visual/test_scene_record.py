"""The visual handler keeps what the painter drew beside the still, and tells the painter
which scene of which story it is painting."""

import json

import pytest

from services.visual.bootstrap import make_painter
from services.visual.handler import VisualDeps, illustrate
from shared.config import Settings
from shared.messages.story import Scene, Story
from shared.storage import keys
from shared.storage.local import LocalStorage
from tests.tts.messages import context, scene_request

PROMPTS = ["a doll on a table", "a doll in the attic", "a crow on a fence"]


@pytest.fixture
def storage(tmp_path) -> LocalStorage:
    return LocalStorage(tmp_path / "store")


async def store_story(storage: LocalStorage, job: str) -> None:
    scenes = [
        Scene(index=i, narration="It was there.", image_prompt=p) for i, p in enumerate(PROMPTS)
    ]
    story = Story(title="Dolls", hook="It was there.", scenes=scenes)
    await storage.put(keys.story(job), story.model_dump_json().encode(), "application/json")


async def paint_job(storage: LocalStorage, job: str) -> list[dict[str, object]]:
    deps = VisualDeps(painter=make_painter(Settings()), storage=storage, width=135, height=240)
    records = []
    for i, prompt in enumerate(PROMPTS):
        msg = scene_request(job, i, prompt=prompt, count=len(PROMPTS), seed=9)
        out = await illustrate(msg, context(job, "visual"), deps)
        sidecar = out.image_key.removesuffix(".png") + ".json"
        records.append(json.loads(await storage.get(sidecar)))
    return records


async def test_each_still_has_its_record_beside_it(storage) -> None:
    await store_story(storage, "j1")
    records = await paint_job(storage, "j1")
    assert [r["subject"] for r in records] == ["doll", "doll", "crow"]
    assert [r["scene"] for r in records] == [0, 1, 2]
    assert records[0]["prompt"] == PROMPTS[0] and records[0]["named_in_prompt"] is True
    assert records[0]["framing"] != records[1]["framing"], "the same doll, shot another way"


async def test_a_missing_story_still_paints_every_scene(storage) -> None:
    records = await paint_job(storage, "j2")  # no story stored: the index alone varies it
    assert len({r["framing"] for r in records}) == len(records)
