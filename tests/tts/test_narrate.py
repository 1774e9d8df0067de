"""The tts handler: stored audio and timings, the content cache, and failures naming the scene."""

import asyncio
import json
from functools import partial

import pytest
from elevenlabs import AsyncElevenLabs

from services.tts import wav
from services.tts.cache import CachedVoice
from services.tts.handler import TtsDeps, narrate
from services.tts.providers.elevenlabs import ElevenLabsVoice
from services.tts.providers.offline import OfflineVoice
from services.tts.treatment import TreatedVoice, Treatment
from shared.config import Settings
from shared.jobs import submit
from shared.media.ffmpeg import ffmpeg_exe
from shared.messages import JobSpec, SceneRequested
from shared.providers.scene import SceneFailed
from shared.runtime import Permanent, Stage
from shared.runtime.hosting import Runtime
from shared.runtime.memory_bus import MemoryBus
from shared.runtime.stub_stages import build_stub_stages
from shared.state.memory import MemoryState
from shared.storage import keys
from shared.storage.local import LocalStorage
from tests.tts.hosted import KEY, hosted, policy
from tests.tts.messages import context, scene_request

NARRATION = "The knocking came from under the floor. Three times, then silence."


@pytest.fixture
def storage(tmp_path) -> LocalStorage:
    return LocalStorage(tmp_path / "store")


async def test_audio_and_timings_are_stored_beside_each_other(storage) -> None:
    deps = TtsDeps(voice=OfflineVoice(), storage=storage)
    out = await narrate(scene_request("job1", 2, NARRATION), context("job1", "tts"), deps)
    data = await storage.get(out.audio_key)
    assert out.audio_key == keys.scene_audio("job1", 2)
    assert out.duration_s == pytest.approx(wav.duration(data), abs=1e-9)
    stored = json.loads(await storage.get(keys.scene_words("job1", 2)))
    assert stored["words"] == [w.model_dump() for w in out.words]
    assert [w.word for w in out.words] == NARRATION.split()


async def test_timings_cover_each_scene_and_scenes_add_up_to_the_track(storage) -> None:
    lines = [
        "I moved into the old farmhouse in October.",
        "Every night at three, something knocks.",
        "Tonight it knocked from inside the wall.",
    ]
    deps = TtsDeps(voice=OfflineVoice(), storage=storage)
    outs = [
        await narrate(scene_request("j", i, t), context("j", "tts"), deps)
        for i, t in enumerate(lines)
    ]
    track = []
    for out in outs:
        samples, rate = wav.read(await storage.get(out.audio_key))
        track.append(samples)
        loud = abs(samples) > 0.05 * abs(samples).max()
        first, last = loud.argmax() / rate, (len(loud) - loud[::-1].argmax()) / rate
        assert out.words[0].start <= first + 0.1, "the first word starts with the speech"
        assert out.words[-1].end >= last - 0.1, "the last word ends with the speech"
        assert out.words[-1].end <= out.duration_s
    total = sum(len(t) for t in track) / rate
    assert sum(o.duration_s for o in outs) == pytest.approx(total, abs=1e-6)


async def test_a_second_job_with_the_same_inputs_calls_no_provider(storage) -> None:
    async with hosted("elevenlabs") as h:
        voice = CachedVoice(h.voice, storage)
        deps = TtsDeps(voice=voice, storage=storage)
        first = await narrate(scene_request("jobA", 0, NARRATION), context("jobA", "tts"), deps)
        second = await narrate(scene_request("jobB", 0, NARRATION), context("jobB", "tts"), deps)
        assert h.stub.calls == 1
        assert await storage.get(first.audio_key) == await storage.get(second.audio_key)
        assert first.words == second.words and first.duration_s == second.duration_s
        # another voice or another text is another recipe
        await narrate(
            scene_request("jobC", 0, NARRATION, voice="OTHER"), context("jobC", "tts"), deps
        )
        await narrate(scene_request("jobD", 0, NARRATION + "!"), context("jobD", "tts"), deps)
        assert h.stub.calls == 3


async def test_a_changed_treatment_misses_the_cache(storage) -> None:
    async with hosted("openai") as h:
        ffmpeg = ffmpeg_exe()
        for semitones in (-3.0, -3.0, -4.0):
            voice = CachedVoice(TreatedVoice(h.voice, Treatment(semitones), ffmpeg), storage)
            await voice.speak(NARRATION, voice="default", language="en")
        assert h.stub.calls == 2


async def test_a_half_written_cache_entry_is_made_again(storage) -> None:
    async with hosted("google") as h:
        voice = CachedVoice(h.voice, storage)
        await voice.speak(NARRATION, voice="default", language="en")
        await storage.delete_prefix("cache/")
        await voice.speak(NARRATION, voice="default", language="en")
        assert h.stub.calls == 2 and voice.misses == 2


async def test_a_failing_scene_is_retried_by_the_runtime_naming_the_scene(storage) -> None:
    async with hosted("elevenlabs", attempts=2) as h:
        h.stub.script = ["500"] * 10
        deps = TtsDeps(voice=h.voice, storage=storage, attempts=3)
        with pytest.raises(SceneFailed, match=r"^scene 4: elevenlabs: HTTP 500"):
            await narrate(scene_request("j", 4), context("j", "tts", attempt=0), deps)
        with pytest.raises(Permanent, match=r"^scene 4: .*after 2 attempts") as final:
            await narrate(scene_request("j", 4), context("j", "tts", attempt=2), deps)
        assert final.value.scene == 4
        assert h.stub.calls == 4


async def test_a_refusal_fails_the_scene_at_once(storage) -> None:
    async with hosted("openai") as h:
        h.stub.script = ["400"]
        deps = TtsDeps(voice=h.voice, storage=storage)
        with pytest.raises(Permanent, match=r"^scene 1: openai: HTTP 400") as refused:
            await narrate(scene_request("j", 1), context("j", "tts"), deps)
        assert refused.value.scene == 1 and h.stub.calls == 1


async def test_an_unknown_offline_voice_is_permanent_with_the_scene(storage) -> None:
    deps = TtsDeps(voice=OfflineVoice(), storage=storage)
    with pytest.raises(Permanent, match="scene 0: unknown offline voice") as e:
        await narrate(scene_request("j", 0, voice="fenrir"), context("j", "tts"), deps)
    assert e.value.scene == 0


async def test_through_the_runtime_a_scene_failing_every_attempt_fails_the_job_naming_it(
    storage,
) -> None:
    settings = Settings(retry_delays_s=[0.01], max_attempts=3)
    async with hosted("elevenlabs", attempts=2) as h:
        h.stub.script = ["500"] * 100
        deps = TtsDeps(voice=h.voice, storage=storage, attempts=settings.max_attempts)
        stages = [s for s in build_stub_stages(scenes=1) if s.name != "tts"]
        stages.append(Stage("tts", {SceneRequested: partial(narrate, deps=deps)}))
        bus, state = MemoryBus(), MemoryState()
        rt = Runtime(bus, state, settings, stages)
        await rt.start()
        try:
            job = await submit(bus, state, JobSpec(topic="the cursed tape"))
            async with asyncio.timeout(10):
                while not (await state.get(job.job_id)).final:
                    await asyncio.sleep(0.01)
        finally:
            await rt.stop(grace_s=1)
        record = await state.get(job.job_id)
        assert record.status == "failed" and record.error.startswith("scene 0: elevenlabs")
        (failed,) = bus.outside["job.failed"]
        assert failed.data["scene"] == 0 and failed.data["stage"] == "tts"
        assert h.stub.calls == 3 * 2, "three runtime attempts of two provider calls each"


async def test_changing_what_default_means_misses_the_cache(storage) -> None:
    async with hosted("elevenlabs") as h:
        client = AsyncElevenLabs(api_key=KEY, base_url=h.stub.url)
        for default in ("VOICE1", "VOICE1", "VOICE2"):
            inner = ElevenLabsVoice(
                client,
                policy("elevenlabs"),
                model="eleven_multilingual_v2",
                default_voice=default,
                ffmpeg=ffmpeg_exe(),
            )
            await CachedVoice(inner, storage).speak(NARRATION, voice="default", language="en")
        assert h.stub.calls == 2
        assert h.stub.seen[-1].path == "/v1/text-to-speech/VOICE2/with-timestamps"
