"""ElevenLabs, OpenAI and Google voices: real SDKs against stub APIs on loopback.

Every provider gets the same treatment: a good answer, 429 with Retry-After, 500s, a stalled
answer, a body that is not JSON, a well-formed but unusable body, and a refusal.
"""

import asyncio
import io
import json
import time
import wave

import pytest

from shared.providers import ProviderRefused, ProviderUnavailable
from tests.tts.fake_speech import speak
from tests.tts.hosted import KEY, PROVIDERS, google_text, hosted

TEXT = (
    "The keeper climbed the stairs at midnight. Something knocked below, three times, then stopped."
)
# how far a word's edges may sit from where the stub put them, by how the provider times words
TOLERANCE = {"elevenlabs": 0.03, "google": 0.03, "openai": 0.15}


def wav_facts(data: bytes) -> tuple[int, int, int, int]:
    with wave.open(io.BytesIO(data)) as w:
        return w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()


@pytest.mark.parametrize("name", PROVIDERS)
async def test_good_answer_gives_a_wav_with_word_timings_that_match_the_audio(name) -> None:
    truth = speak(TEXT)
    async with hosted(name) as h:
        speech = await h.voice.speak(TEXT, voice="default", language="en")
    channels, width, rate, frames = wav_facts(speech.wav)
    assert (channels, width) == (1, 2)
    assert speech.duration_s == pytest.approx(frames / rate, abs=1e-9), "measured from the file"
    assert speech.duration_s == pytest.approx(truth.duration_s, abs=0.06)
    assert [w.word for w in speech.words] == TEXT.split()
    prev = 0.0
    for got, (_, start, end) in zip(speech.words, truth.spans, strict=True):
        assert prev <= got.start <= got.end <= speech.duration_s
        assert got.start == pytest.approx(start, abs=TOLERANCE[name]), got
        assert got.end == pytest.approx(end, abs=TOLERANCE[name]), got
        prev = got.end


async def test_elevenlabs_request_uses_the_timestamps_endpoint_key_voice_and_model() -> None:
    async with hosted("elevenlabs") as h:
        await h.voice.speak("Knock knock.", voice="CUSTOMVOICE", language="en")
    seen = h.stub.seen[0]
    assert seen.path == "/v1/text-to-speech/CUSTOMVOICE/with-timestamps"
    assert seen.headers["xi-api-key"] == KEY
    body = json.loads(seen.body)
    assert body["text"] == "Knock knock." and body["model_id"] == "eleven_multilingual_v2"


async def test_openai_request_names_model_voice_and_wav_format() -> None:
    async with hosted("openai") as h:
        await h.voice.speak("Knock knock.", voice="default", language="en")
    seen = h.stub.seen[0]
    assert seen.path == "/v1/audio/speech"
    assert seen.headers["Authorization"] == f"Bearer {KEY}"
    body = json.loads(seen.body)
    assert (body["model"], body["voice"], body["response_format"]) == (
        "gpt-4o-mini-tts",
        "onyx",
        "wav",
    )


async def test_google_request_marks_every_word_and_asks_for_mark_timepoints() -> None:
    text = "Salt & iron <keep> it out."
    async with hosted("google") as h:
        speech = await h.voice.speak(text, voice="en-GB-Neural2-B", language="en")
    seen = h.stub.seen[0]
    assert seen.path == "/v1beta1/text:synthesize"
    assert seen.headers["x-goog-api-key"] == KEY
    body = json.loads(seen.body)
    assert body["enableTimePointing"] == ["SSML_MARK"]
    assert body["voice"] == {"languageCode": "en-GB", "name": "en-GB-Neural2-B"}
    assert body["input"]["ssml"].count("<mark name=") == len(text.split())
    assert google_text(seen.body) == "Salt & iron &lt;keep&gt; it out.", "escaped, not injected"
    assert [w.word for w in speech.words] == text.split()


@pytest.mark.parametrize("name", PROVIDERS)
async def test_429_waits_for_retry_after_then_succeeds(name) -> None:
    async with hosted(name) as h:
        h.stub.script = ["429"]
        t0 = time.perf_counter()
        await h.voice.speak("Knock knock.", voice="default", language="en")
        took = time.perf_counter() - t0
    assert h.stub.calls == 2
    assert took >= 0.95, "backoff alone is 10 ms: only Retry-After: 1 explains the wait"


@pytest.mark.parametrize("name", PROVIDERS)
async def test_500s_are_retried_and_a_later_success_is_used(name) -> None:
    async with hosted(name) as h:
        h.stub.script = ["500", "500"]
        speech = await h.voice.speak("Knock knock.", voice="default", language="en")
    assert h.stub.calls == 3 and len(speech.words) == 2


@pytest.mark.parametrize("name", PROVIDERS)
async def test_500s_on_every_attempt_give_up_with_the_reason(name) -> None:
    async with hosted(name, attempts=3) as h:
        h.stub.script = ["500"] * 5
        with pytest.raises(ProviderUnavailable, match=r"HTTP 500.*after 3 attempts"):
            await h.voice.speak("Knock knock.", voice="default", language="en")
    assert h.stub.calls == 3


@pytest.mark.parametrize("name", PROVIDERS)
async def test_a_stalled_call_times_out_and_is_retried(name) -> None:
    # 2 s per call: a good answer is decoded with ffmpeg inside the call, which takes a while
    # on a loaded 2-core machine; the stall (30 s) is what must be cut short
    async with hosted(name, timeout_s=2.0) as h:
        h.stub.script = ["timeout"]
        h.stub.stall_s = 30.0
        t0 = time.perf_counter()
        await h.voice.speak("Knock knock.", voice="default", language="en")
        took = time.perf_counter() - t0
    assert h.stub.calls == 2
    assert took < 15.0, "the 30 s stall was cut at the 2 s per-call timeout"


@pytest.mark.parametrize("name", PROVIDERS)
@pytest.mark.parametrize("mode", ["garbage", "broken"])
async def test_a_malformed_answer_is_retried_then_reported(name, mode) -> None:
    async with hosted(name, attempts=2) as h:
        h.stub.script = [mode]
        speech = await h.voice.speak("Knock knock.", voice="default", language="en")
        assert h.stub.calls == 2 and speech.duration_s > 0
        h.stub.script = [mode, mode]
        with pytest.raises(ProviderUnavailable, match="after 2 attempts"):
            await h.voice.speak("Knock again.", voice="default", language="en")


@pytest.mark.parametrize("name", PROVIDERS)
async def test_a_refusal_is_not_retried(name) -> None:
    async with hosted(name) as h:
        h.stub.script = ["400"]
        with pytest.raises(ProviderRefused, match="HTTP 400"):
            await h.voice.speak("Knock knock.", voice="default", language="en")
    assert h.stub.calls == 1


@pytest.mark.parametrize("name", PROVIDERS)
async def test_calls_in_flight_never_exceed_the_provider_limit(name) -> None:
    async with hosted(name, concurrency=2, timeout_s=10.0) as h:
        h.stub.delay_s = 0.6  # long enough that calls overlap even on a busy machine
        texts = [f"Knock number {i}." for i in range(6)]
        await asyncio.gather(*(h.voice.speak(t, voice="default", language="en") for t in texts))
    assert h.stub.calls == 6 and h.stub.peak == 2
