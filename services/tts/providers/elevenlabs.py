"""ElevenLabs narration through its SDK's with-timestamps endpoint (GRIMREEL_ELEVENLABS_*).

The answer carries the audio (MP3, base64) and a per-character alignment of the text we sent,
which gives exact word timings (char_align). The SDK's own retries are turned off: CallPolicy
retries, so attempts, backoff and Retry-After are the same for every provider.
"""

import base64
import binascii
from typing import Annotated

import httpx
from elevenlabs import AsyncElevenLabs
from elevenlabs.core.api_error import ApiError
from elevenlabs.core.parse_error import ParsingError
from pydantic import AfterValidator, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.tts import wav
from services.tts.engine.char_align import words_from_chars
from services.tts.voice import Speech
from shared.providers import CallPolicy, Failure, Kit, Malformed, Provider, http_url, status_failure

OUTPUT_FORMAT = "mp3_44100_128"  # offered on every plan; PCM at 44.1 kHz needs a paid tier


class ElevenLabsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_ELEVENLABS_", extra="ignore")

    api_key: SecretStr
    base_url: Annotated[str, AfterValidator(http_url)] = "https://api.elevenlabs.io"
    model: str = "eleven_multilingual_v2"
    voice: str = "pNInz6obpgDQGcFmaJgB"  # used when a job asks for "default"


class ElevenLabsVoice:
    name = "elevenlabs"

    def __init__(
        self,
        client: AsyncElevenLabs,
        policy: CallPolicy,
        *,
        model: str,
        default_voice: str,
        ffmpeg: str,
    ) -> None:
        self.client, self.policy, self.model_id = client, policy, model
        self.default_voice, self.ffmpeg = default_voice, ffmpeg
        # everything that shapes the audio, for the cache key ("default" means this voice now)
        self.model = f"{model}|{OUTPUT_FORMAT}|default={default_voice}"

    async def speak(self, text: str, *, voice: str, language: str) -> Speech:
        if not text.split():
            raise ValueError("nothing to say: the narration text is empty")
        voice_id = self.default_voice if voice == "default" else voice

        async def call() -> Speech:
            answer = await self.client.text_to_speech.convert_with_timestamps(
                voice_id,
                text=text,
                model_id=self.model_id,
                output_format=OUTPUT_FORMAT,
                request_options={"max_retries": 0},
            )
            return await self._speech(text, answer)

        return await self.policy.run(call, classify)

    async def _speech(self, text: str, answer: object) -> Speech:
        encoded = getattr(answer, "audio_base_64", None)
        align = getattr(answer, "alignment", None)
        if not isinstance(encoded, str) or align is None:
            raise Malformed("no audio_base64 or no alignment in the answer")
        try:
            audio = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise Malformed("audio_base64 is not base64") from None
        data = await wav.normalise(audio, self.ffmpeg)
        duration = wav.duration(data)
        words = words_from_chars(
            text,
            list(getattr(align, "characters", None) or []),
            list(getattr(align, "character_start_times_seconds", None) or []),
            list(getattr(align, "character_end_times_seconds", None) or []),
            duration,
        )
        return Speech(wav=data, words=words, duration_s=duration)


def classify(e: BaseException) -> Failure | None:
    if isinstance(e, ParsingError):
        return Failure(True, "the answer does not match the API schema")
    if isinstance(e, ApiError):
        status = e.status_code or 0
        if 200 <= status < 300:  # a 2xx body that is not JSON
            return Failure(True, "the answer is not JSON")
        return status_failure(status, str(e.body), e.headers)
    if isinstance(e, httpx.TimeoutException):
        return Failure(True, f"timed out ({type(e).__name__})")
    if isinstance(e, httpx.TransportError):
        return Failure(True, f"connection failed ({type(e).__name__}: {e})")
    return None


def build(settings: ElevenLabsSettings, kit: Kit) -> ElevenLabsVoice:
    client = AsyncElevenLabs(
        api_key=settings.api_key.get_secret_value(),
        base_url=settings.base_url,
        timeout=kit.policy.timeout_s,
    )
    return ElevenLabsVoice(
        client, kit.policy, model=settings.model, default_voice=settings.voice, ffmpeg=kit.ffmpeg
    )


PROVIDER = Provider(
    kind="voice",
    name="elevenlabs",
    settings=ElevenLabsSettings,
    factory=build,
    summary="ElevenLabs voices with exact per-character timings (needs an API key)",
)
