"""Google Cloud Text-to-Speech through google-cloud-texttospeech, word timings from SSML marks.

Configured by GRIMREEL_GOOGLE_API_KEY (unset: Application Default Credentials),
GRIMREEL_GOOGLE_TTS_ENDPOINT and GRIMREEL_GOOGLE_TTS_VOICE.

Each word is preceded by ``<mark name="i"/>``; the v1beta1 API returns when each mark was
reached, which is when word i starts (energy_align.from_starts ends each word where speech
stops). The client uses its REST transport: it takes an ``http://`` endpoint, so tests point
the real SDK at a stub on loopback. That client is synchronous, so calls run in a thread; the
per-call timeout is also handed to the HTTP request, so an abandoned thread ends by itself.
"""

import asyncio
import re
from html import escape
from typing import Annotated

import google.auth
import requests
from google.api_core import exceptions as gexc
from google.auth import api_key
from google.cloud import texttospeech_v1beta1 as tts
from google.cloud.texttospeech_v1beta1.services.text_to_speech.transports import (
    TextToSpeechRestTransport,
)
from google.protobuf.json_format import ParseError
from pydantic import AfterValidator, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.tts import wav
from services.tts.engine.energy_align import estimate, from_starts
from services.tts.voice import Speech
from shared.providers import CallPolicy, Failure, Kit, Malformed, Provider, http_url, status_failure

SCOPES = ["https://www.googleapis.com/auth/cloud-platform"]
RATE, PITCH = 0.9, -2.0  # a little slower and lower than the voice's default: tension


class GoogleSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_GOOGLE_", extra="ignore")

    api_key: SecretStr | None = None  # None: Application Default Credentials
    tts_endpoint: Annotated[str, AfterValidator(http_url)] = "https://texttospeech.googleapis.com"
    tts_voice: str = "en-US-Neural2-D"  # a voice type that supports SSML marks


def make_client(endpoint: str, key: str | None) -> tts.TextToSpeechClient:
    creds = api_key.Credentials(key) if key else google.auth.default(scopes=SCOPES)[0]  # type: ignore[no-untyped-call]
    return tts.TextToSpeechClient(
        transport=TextToSpeechRestTransport(host=endpoint, credentials=creds)
    )


def ssml(text: str) -> str:
    """The text with a mark before every word; escaped so '&' or '<' cannot break the XML."""
    marked = " ".join(f'<mark name="{i}"/>{escape(w)}' for i, w in enumerate(text.split()))
    return f"<speak>{marked}</speak>"


class GoogleVoice:
    name = "google"

    def __init__(
        self,
        client: tts.TextToSpeechClient,
        policy: CallPolicy,
        *,
        default_voice: str,
        ffmpeg: str,
    ) -> None:
        self.client, self.policy = client, policy
        self.default_voice, self.ffmpeg = default_voice, ffmpeg
        # everything that shapes the audio, for the cache key ("default" means this voice now)
        self.model = f"v1beta1|rate={RATE}|pitch={PITCH}|default={default_voice}"

    async def speak(self, text: str, *, voice: str, language: str) -> Speech:
        words = text.split()
        if not words:
            raise ValueError("nothing to say: the narration text is empty")
        name = self.default_voice if voice == "default" else voice
        # a voice name starts with its language ("en-GB-Neural2-B"); else use the job's
        found = re.match(r"^([a-z]{2,3}-[A-Z]{2})-", name)
        request = tts.SynthesizeSpeechRequest(
            input=tts.SynthesisInput(ssml=ssml(text)),
            voice=tts.VoiceSelectionParams(
                language_code=found[1] if found else language, name=name
            ),
            audio_config=tts.AudioConfig(
                audio_encoding=tts.AudioEncoding.LINEAR16, speaking_rate=RATE, pitch=PITCH
            ),
            enable_time_pointing=[tts.SynthesizeSpeechRequest.TimepointType.SSML_MARK],
        )

        async def call() -> Speech:
            answer = await asyncio.to_thread(
                self.client.synthesize_speech,
                request=request,
                retry=None,
                timeout=self.policy.timeout_s,
            )
            data = await wav.normalise(answer.audio_content, self.ffmpeg)
            samples, rate = wav.read(data)
            marks = {
                int(p.mark_name): p.time_seconds for p in answer.timepoints if p.mark_name.isdigit()
            }
            if sorted(marks) == list(range(len(words))):
                starts = [marks[i] for i in range(len(words))]
                timed = await asyncio.to_thread(from_starts, text, starts, samples, rate)
            else:  # a voice type without mark support answers with none: estimate instead
                timed = await asyncio.to_thread(estimate, text, samples, rate)
            return Speech(wav=data, words=timed, duration_s=len(samples) / rate)

        return await self.policy.run(call, classify)


def classify(e: BaseException) -> Failure | None:
    if isinstance(e, ParseError | ValueError) and not isinstance(e, Malformed):
        return Failure(True, f"the answer is not valid JSON for the API ({e})"[:300])
    if isinstance(e, gexc.GoogleAPICallError):
        response = getattr(e, "response", None)
        headers = dict(response.headers) if response is not None else None
        status = e.code if isinstance(e.code, int) else 0
        if status == 0:
            return Failure(True, f"{type(e).__name__}: {e.message}")
        return status_failure(status, e.message or "", headers)
    if isinstance(e, requests.Timeout):
        return Failure(True, "timed out")
    if isinstance(e, requests.ConnectionError):
        return Failure(True, f"connection failed: {e}")
    return None


def build(settings: GoogleSettings, kit: Kit) -> GoogleVoice:
    key = settings.api_key.get_secret_value() if settings.api_key else None
    client = make_client(settings.tts_endpoint, key)
    return GoogleVoice(client, kit.policy, default_voice=settings.tts_voice, ffmpeg=kit.ffmpeg)


PROVIDER = Provider(
    kind="voice",
    name="google",
    settings=GoogleSettings,
    factory=build,
    summary="Google Cloud Text-to-Speech with word times from SSML marks (key or ADC)",
)
