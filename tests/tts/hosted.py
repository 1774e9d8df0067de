"""The three hosted voices, each built on its real SDK and pointed at its stub API."""

import base64
import json
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiohttp import web

from services.tts.voice import Voice
from shared.media.ffmpeg import ffmpeg_exe
from shared.providers import CallPolicy, Kit, find
from tests.tts.fake_speech import speak
from tests.tts.stub_server import StubServer, json_answer, serving

PROVIDERS = ["elevenlabs", "openai", "google"]
KEY = "test-key-123"


def policy(name: str, attempts: int = 3, timeout_s: float = 1.0, concurrency: int = 4):
    return CallPolicy(
        name, concurrency=concurrency, timeout_s=timeout_s, attempts=attempts, backoff_s=0.01
    )


async def _elevenlabs_ok(request: web.Request, body: bytes) -> web.Response:
    text = json.loads(body)["text"]
    spoken = speak(text)
    chars, starts, ends = spoken.char_alignment(text)
    align = {
        "characters": chars,
        "character_start_times_seconds": starts,
        "character_end_times_seconds": ends,
    }
    return json_answer(
        {
            "audio_base64": base64.b64encode(spoken.mp3()).decode(),
            "alignment": align,
            "normalized_alignment": align,
        }
    )


async def _elevenlabs_broken(request: web.Request, body: bytes) -> web.Response:
    return json_answer({"audio_base64": "%%% not base64 %%%", "alignment": None})


async def _openai_ok(request: web.Request, body: bytes) -> web.Response:
    return web.Response(body=speak(json.loads(body)["input"]).wav(), content_type="audio/wav")


async def _openai_broken(request: web.Request, body: bytes) -> web.Response:
    return web.Response(body=b"RIFF this is not audio at all", content_type="audio/wav")


def google_text(body: bytes) -> str:
    ssml = json.loads(body)["input"]["ssml"]
    return " ".join(re.sub(r"<[^>]+>", " ", ssml).split()).replace("&amp;", "&")


async def _google_ok(request: web.Request, body: bytes) -> web.Response:
    spoken = speak(google_text(body))
    points = [{"markName": str(i), "timeSeconds": a} for i, (_, a, _) in enumerate(spoken.spans)]
    return json_answer(
        {
            "audioContent": base64.b64encode(spoken.wav()).decode(),
            "timepoints": points,
            "audioConfig": {"audioEncoding": "LINEAR16"},
        }
    )


async def _google_broken(request: web.Request, body: bytes) -> web.Response:
    return json_answer({"audioContent": base64.b64encode(b"no sound here").decode()})


ANSWERS = {
    "elevenlabs": (_elevenlabs_ok, _elevenlabs_broken),
    "openai": (_openai_ok, _openai_broken),
    "google": (_google_ok, _google_broken),
}


def build_voice(name: str, url: str, pol: CallPolicy) -> Voice:
    """Built the way the stage builds it: the provider's own settings and factory."""
    endpoint = {
        "elevenlabs": {"base_url": url, "voice": "VOICE1"},
        "openai": {"base_url": f"{url}/v1"},
        "google": {"tts_endpoint": url},
    }[name]
    provider = find("voice", name, "services.tts.providers")
    voice: Voice = provider.create(Kit(pol, ffmpeg_exe()), {"api_key": KEY, **endpoint})
    return voice


@dataclass
class Hosted:
    stub: StubServer
    voice: Voice


@asynccontextmanager
async def hosted(name: str, **policy_kw: float) -> AsyncIterator[Hosted]:
    ok, broken = ANSWERS[name]
    async with serving(StubServer(ok, broken)) as stub:
        yield Hosted(stub, build_voice(name, stub.url, policy(name, **policy_kw)))  # type: ignore[arg-type]


Factory = Callable[..., "AsyncIterator[Hosted]"]
