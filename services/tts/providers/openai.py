"""OpenAI text-to-speech through its SDK (any OpenAI-compatible base_url; GRIMREEL_OPENAI_TTS_*).

The speech endpoint returns audio only, no timings: the words are placed by the energy
estimate in engine.energy_align (documented there), which lines them up with the audio's pauses.
The key is the one the other OpenAI providers use, GRIMREEL_OPENAI_API_KEY, unless
GRIMREEL_OPENAI_TTS_API_KEY gives speech a key of its own.
"""

import asyncio
import zlib
from typing import Annotated, Any

import openai
from pydantic import AfterValidator, AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.tts import wav
from services.tts.engine.energy_align import estimate
from services.tts.voice import Speech
from shared.providers import CallPolicy, Kit, Provider, http_url
from shared.providers.openai_sdk import classify, make_client

# Read slowly and quietly: the instructions only reach the gpt-4o voices (tts-1 ignores them).
INSTRUCTIONS = (
    "Narrate a horror story: low, calm and slow, with a hushed, ominous tone and short "
    "pauses at full stops."
)
READING = f"{zlib.crc32(INSTRUCTIONS.encode()):08x}"  # new instructions, new cache entries
KEY_NAMES = ("GRIMREEL_OPENAI_TTS_API_KEY", "GRIMREEL_OPENAI_API_KEY")


class OpenAITtsSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="GRIMREEL_OPENAI_TTS_", extra="ignore", populate_by_name=True
    )

    api_key: SecretStr = Field(validation_alias=AliasChoices(*KEY_NAMES))
    # None: the SDK's default endpoint
    base_url: Annotated[str | None, AfterValidator(http_url)] = None
    model: str = "gpt-4o-mini-tts"
    voice: str = "onyx"  # used when a job asks for "default"

    @model_validator(mode="before")
    @staticmethod
    def _key_named(data: Any) -> Any:
        # Said here because a missing aliased field would be reported under a garbled name.
        given = {str(k).upper() for k in data} if isinstance(data, dict) else {"API_KEY"}
        if given.isdisjoint({"API_KEY", *KEY_NAMES}):
            raise ValueError("the openai voice needs GRIMREEL_OPENAI_API_KEY")
        return data


class OpenAIVoice:
    name = "openai"

    def __init__(
        self,
        client: openai.AsyncOpenAI,
        policy: CallPolicy,
        *,
        model: str,
        default_voice: str,
        ffmpeg: str,
    ) -> None:
        self.client, self.policy, self.model_id = client, policy, model
        self.default_voice, self.ffmpeg = default_voice, ffmpeg
        # everything that shapes the audio, for the cache key ("default" means this voice now)
        self.model = f"{model}|default={default_voice}|instructions={READING}"

    async def speak(self, text: str, *, voice: str, language: str) -> Speech:
        if not text.split():
            raise ValueError("nothing to say: the narration text is empty")
        chosen = self.default_voice if voice == "default" else voice
        instructions = openai.omit if self.model_id.startswith("tts-1") else INSTRUCTIONS

        async def call() -> Speech:
            answer = await self.client.audio.speech.create(
                model=self.model_id,
                voice=chosen,
                input=text,
                response_format="wav",
                instructions=instructions,
            )
            data = await wav.normalise(answer.content, self.ffmpeg)
            samples, rate = wav.read(data)
            words = await asyncio.to_thread(estimate, text, samples, rate)
            return Speech(wav=data, words=words, duration_s=len(samples) / rate)

        return await self.policy.run(call, classify)


def build(settings: OpenAITtsSettings, kit: Kit) -> OpenAIVoice:
    key = settings.api_key.get_secret_value()
    client = make_client(key, settings.base_url, kit.policy.timeout_s)
    return OpenAIVoice(
        client, kit.policy, model=settings.model, default_voice=settings.voice, ffmpeg=kit.ffmpeg
    )


PROVIDER = Provider(
    kind="voice",
    name="openai",
    settings=OpenAITtsSettings,
    factory=build,
    summary="OpenAI text-to-speech or any compatible server; word times estimated from the audio",
)
