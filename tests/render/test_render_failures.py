"""Bad inputs fail the job at once (Permanent) with a reason, and leave no scratch behind."""

import io
import wave
from pathlib import Path

import pytest

from services.render.handler import render
from shared.runtime.errors import Permanent
from shared.storage import keys
from tests.render.conftest import make_context, make_deps
from tests.render.samples import store_sample


def _empty_wav() -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(24_000)
        w.writeframes(b"")
    return buf.getvalue()


async def _fails(tmp_path: Path, job_id: str, damage: str, **options: object) -> Permanent:
    deps = make_deps(tmp_path, **options)
    sample = await store_sample(deps.storage, job_id, durations=(1.0, 1.2))  # type: ignore[arg-type]
    store = deps.storage
    if damage == "corrupt-png":
        await store.put(keys.scene_image(job_id, 1), b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50)
    elif damage == "truncated-png":
        png = await store.get(keys.scene_image(job_id, 1))
        await store.put(keys.scene_image(job_id, 1), png[: len(png) // 2])
    elif damage == "empty-wav":
        await store.put(keys.scene_audio(job_id, 1), _empty_wav())
    elif damage == "missing-image":
        await store.delete_prefix(keys.scene_image(job_id, 1))
    ctx, _ = await make_context(job_id)
    with pytest.raises(Permanent) as caught:
        await render(sample.msg, ctx, deps)
    assert not any((tmp_path / "scratch").iterdir()), "scratch folder left behind"
    assert not await store.exists(keys.output(job_id, "video.mp4"))
    return caught.value


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        ("corrupt-png", "not a readable picture"),
        ("truncated-png", "not a readable picture"),
        ("empty-wav", "has no samples"),
        ("missing-image", "missing from storage"),
    ],
)
async def test_bad_scene_input_is_permanent(
    tmp_path: Path, job_id: str, damage: str, words: str
) -> None:
    err = await _fails(tmp_path, job_id, damage)
    assert words in str(err)
    assert err.scene == 1


async def test_ffmpeg_failure_is_permanent_with_its_own_words(tmp_path: Path, job_id: str) -> None:
    err = await _fails(tmp_path, job_id, "none", preset="no-such-preset")
    assert "ffmpeg could not render" in str(err)
    assert "no-such-preset" in str(err), "the reason should quote ffmpeg's stderr"


async def test_missing_story_is_permanent(tmp_path: Path, job_id: str) -> None:
    deps = make_deps(tmp_path)
    sample = await store_sample(deps.storage, job_id, durations=(1.0,))  # type: ignore[arg-type]
    await deps.storage.delete_prefix(keys.story(job_id))
    ctx, _ = await make_context(job_id)
    with pytest.raises(Permanent, match="story"):
        await render(sample.msg, ctx, deps)
