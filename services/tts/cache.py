"""Narration cached by content: the same text, voice and sound settings are made only once.

The key hashes everything that decides the audio: provider, model (with the treatment, see
TreatedVoice.model), voice, language and text. The job's seed is not in it: no voice here is
seeded by the job (hosted ones take no seed, the offline one seeds itself from the text), so
adding it would only make identical narration miss. The WAV is stored first and the timings
second, so a present timings object means a complete entry, even after a crash between them.
"""

import hashlib
import json

from services.tts.voice import Speech, Voice
from shared.messages.scene import WordTiming
from shared.storage import Storage, keys


def digest(name: str, model: str, voice: str, language: str, text: str) -> str:
    recipe = {
        "kind": "narration",
        "provider": name,
        "model": model,
        "voice": voice,
        "language": language.lower(),
        "text": text,
    }
    return hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()


class CachedVoice:
    def __init__(self, inner: Voice, storage: Storage) -> None:
        self.inner, self.storage = inner, storage
        self.name, self.model = inner.name, inner.model
        self.hits = self.misses = 0

    async def speak(self, text: str, *, voice: str, language: str) -> Speech:
        d = digest(self.name, self.model, voice, language, text)
        audio_key, meta_key = keys.cached(d, ".wav"), keys.cached(d, ".json")
        if await self.storage.exists(meta_key):
            try:
                meta = json.loads(await self.storage.get(meta_key))
                data = await self.storage.get(audio_key)
            except (FileNotFoundError, ValueError):
                pass  # half an entry (cleaned up under us): make it again
            else:
                self.hits += 1
                words = [WordTiming.model_validate(w) for w in meta["words"]]
                return Speech(wav=data, words=words, duration_s=float(meta["duration_s"]))
        self.misses += 1
        speech = await self.inner.speak(text, voice=voice, language=language)
        await self.storage.put(audio_key, speech.wav, "audio/wav")
        meta = {"duration_s": speech.duration_s, "words": [w.model_dump() for w in speech.words]}
        await self.storage.put(meta_key, json.dumps(meta).encode(), "application/json")
        return speech
