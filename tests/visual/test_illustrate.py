"""The visual handler: the prompt screen, the content cache and failures naming the scene."""

import io

import pytest
from PIL import Image

from services.visual.bootstrap import make_painter
from services.visual.cache import CachedPainter
from services.visual.handler import VisualDeps, illustrate
from services.visual.prompting import ScreenedPainter
from shared.config import Settings
from shared.providers.scene import SceneFailed
from shared.runtime import Permanent
from shared.storage import keys
from shared.storage.local import LocalStorage
from tests.tts.messages import context, scene_request
from tests.visual.hosted import hosted

REFUSED = "a masked man about to kill the president"


@pytest.fixture
def storage(tmp_path) -> LocalStorage:
    return LocalStorage(tmp_path / "store")


async def test_a_refused_prompt_never_reaches_the_provider(storage) -> None:
    async with hosted("openai") as h:
        deps = VisualDeps(painter=ScreenedPainter(h.painter), storage=storage)
        with pytest.raises(Permanent, match=r"scene 2: .*rule policy.*kill the president") as e:
            await illustrate(scene_request("j", 2, prompt=REFUSED), context("j", "visual"), deps)
        assert e.value.scene == 2
        assert h.stub.calls == 0
        assert not await storage.exists(keys.scene_image("j", 2))


async def test_a_refused_style_phrase_is_caught_too(storage) -> None:
    async with hosted("stability") as h:
        deps = VisualDeps(painter=ScreenedPainter(h.painter), storage=storage)
        msg = scene_request("j", 0, style=f"newsreel still, {REFUSED}")
        with pytest.raises(Permanent, match="rule policy"):
            await illustrate(msg, context("j", "visual"), deps)
        assert h.stub.calls == 0


async def test_a_passing_prompt_is_painted_and_stored_at_the_scene_key(storage) -> None:
    async with hosted("stability") as h:
        deps = VisualDeps(painter=ScreenedPainter(h.painter), storage=storage)
        out = await illustrate(scene_request("j", 1), context("j", "visual"), deps)
    png = await storage.get(out.image_key)
    assert out.image_key == keys.scene_image("j", 1)
    assert Image.open(io.BytesIO(png)).size == (out.width, out.height) == (1080, 1920)


async def test_a_second_job_with_the_same_inputs_calls_no_provider(storage) -> None:
    async with hosted("openai") as h:
        deps = VisualDeps(painter=CachedPainter(h.painter, storage), storage=storage)
        a = await illustrate(scene_request("jobA", 0, seed=5), context("jobA", "visual"), deps)
        b = await illustrate(scene_request("jobB", 0, seed=5), context("jobB", "visual"), deps)
        assert h.stub.calls == 1
        assert await storage.get(a.image_key) == await storage.get(b.image_key)
        # another seed, style or scene is another picture
        await illustrate(scene_request("jobC", 0, seed=6), context("jobC", "visual"), deps)
        await illustrate(scene_request("jobD", 1, seed=5), context("jobD", "visual"), deps)
        await illustrate(
            scene_request("jobE", 0, seed=5, style="washed-out polaroid"),
            context("jobE", "visual"),
            deps,
        )
        assert h.stub.calls == 4


async def test_the_offline_painter_is_cached_too(storage) -> None:
    painter = CachedPainter(make_painter(Settings()), storage)
    deps = VisualDeps(painter=painter, storage=storage, width=270, height=480)
    for job in ("jobA", "jobB"):
        await illustrate(scene_request(job, 0, seed=1), context(job, "visual"), deps)
    assert (painter.misses, painter.hits) == (1, 1)


async def test_a_failing_scene_names_the_scene_and_fails_the_job_on_the_last_attempt(
    storage,
) -> None:
    async with hosted("stability", attempts=2) as h:
        h.stub.script = ["500"] * 10
        deps = VisualDeps(painter=h.painter, storage=storage, attempts=2)
        with pytest.raises(SceneFailed, match=r"^scene 6: stability: HTTP 500"):
            await illustrate(scene_request("j", 6), context("j", "visual", 0), deps)
        with pytest.raises(Permanent, match=r"^scene 6: .*after 2 attempts") as e:
            await illustrate(scene_request("j", 6), context("j", "visual", 1), deps)
        assert e.value.scene == 6
