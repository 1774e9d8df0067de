"""The narration capability: a Voice speaks text and says when each word is spoken."""

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from shared.messages.scene import WordTiming


@dataclass(frozen=True)
class Speech:
    wav: bytes  # a complete WAV file (mono or stereo, any rate)
    words: list[WordTiming]  # seconds from the start of this WAV
    duration_s: float  # measured from the audio itself


@runtime_checkable  # the registry checks that a provider built a Voice
class Voice(Protocol):
    name: str  # the provider, carried in scene.narrated
    model: str  # what else decides the sound (model, version, treatment): part of the cache key

    async def speak(self, text: str, *, voice: str, language: str) -> Speech: ...
