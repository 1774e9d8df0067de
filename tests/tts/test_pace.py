"""A job's pace: the narration is stretched after the voice (the cached take stays the
voice's own) and its word timings move with it."""

import pytest

from services.tts import wav
from services.tts.cache import CachedVoice
from services.tts.handler import TtsDeps, narrate
from services.tts.providers.offline import OfflineVoice
from shared.media.ffmpeg import ffmpeg_exe
from shared.storage.local import LocalStorage
from tests.tts.messages import context, scene_request

NARRATION = "The knocking came from under the floor. Three times, then silence."


@pytest.mark.parametrize("pace", [0.8, 1.25])
async def test_a_paced_scene_is_shorter_or_longer_by_the_pace_with_its_words(
    tmp_path, pace: float
) -> None:
    storage = LocalStorage(tmp_path / "store")
    voice = CachedVoice(OfflineVoice(), storage)
    deps = TtsDeps(voice=voice, storage=storage, ffmpeg=ffmpeg_exe(None))
    own = await narrate(scene_request("a", 0, NARRATION), context("a", "tts"), deps)
    paced = await narrate(scene_request("b", 0, NARRATION, pace=pace), context("b", "tts"), deps)
    assert voice.hits == 1  # the second job reused the voice's take and only stretched it
    assert paced.duration_s == pytest.approx(own.duration_s / pace, rel=0.02)
    assert paced.duration_s == pytest.approx(wav.duration(await storage.get(paced.audio_key)))
    assert [w.word for w in paced.words] == [w.word for w in own.words]
    for mine, theirs in zip(paced.words, own.words, strict=True):
        assert mine.start == pytest.approx(theirs.start / pace, abs=0.02)
        assert mine.end <= paced.duration_s


async def test_pace_one_or_unset_leaves_the_voice_as_it_spoke(tmp_path) -> None:
    storage = LocalStorage(tmp_path / "store")
    deps = TtsDeps(voice=OfflineVoice(), storage=storage, ffmpeg="/nonexistent/ffmpeg")
    for job, spec in (("a", {}), ("b", {"pace": 1.0})):
        out = await narrate(scene_request(job, 0, NARRATION, **spec), context(job, "tts"), deps)
        assert out.duration_s > 1  # no ffmpeg was needed: it does not exist
