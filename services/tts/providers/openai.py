"""OpenAI text-to-speech through its SDK (any OpenAI-compatible base_url).

The speech endpoint returns audio only, no timings: the words are placed by the energy
estimate in energy_align (documented there), which lines them up with the audio's pauses.
"""

import asyncio
import zlib

import openai

from services.tts import wav
from services.tts.engine.energy_align import estimate
from services.tts.voice import Speech
from shared.providers import CallPolicy
from shared.providers.openai_sdk import classify

# Read slowly and quietly: the instructions only reach the gpt-4o voices (tts-1 ignores them).
INSTRUCTIONS = (
    "Narrate a horror story: low, calm and slow, with a hushed, ominous tone and short "
    "pauses at full stops."
)
READING = f"{zlib.crc32(INSTRUCTIONS.encode()):08x}"  # new instructions, new cache entries


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
        extra = {} if self.model_id.startswith("tts-1") else {"instructions": INSTRUCTIONS}

        async def call() -> Speech:
            answer = await self.client.audio.speech.create(
                model=self.model_id, voice=chosen, input=text, response_format="wav", **extra
            )
            data = await wav.normalise(answer.content, self.ffmpeg)
            samples, rate = wav.read(data)
            words = await asyncio.to_thread(estimate, text, samples, rate)
            return Speech(wav=data, words=words, duration_s=len(samples) / rate)

        return await self.policy.run(call, classify)
