"""TTS stage: one scene's narration to audio with word timings, stored under fixed keys."""

import json
from dataclasses import dataclass

from services.tts.pace import at_pace
from services.tts.reuse import copy_narration, reuses
from services.tts.voice import Voice
from shared.messages import SceneNarrated, SceneRequested
from shared.providers.scene import scene_failure
from shared.runtime import Context
from shared.storage import Storage, keys


@dataclass(frozen=True)
class TtsDeps:
    voice: Voice
    storage: Storage
    attempts: int = 4  # the runtime's max_attempts: the last one fails the job naming the scene
    ffmpeg: str = "ffmpeg"  # stretches the narration when the job sets a pace


async def narrate(msg: SceneRequested, ctx: Context, deps: TtsDeps) -> SceneNarrated:
    scene = msg.scene
    if (parent := reuses(msg)) is not None:  # a redo that keeps this scene's voice
        copied = await copy_narration(msg, parent, deps.storage)
        await ctx.note("reused", scene=scene.index, parent=parent)
        return copied
    try:
        speech = await deps.voice.speak(
            scene.narration, voice=msg.spec.voice, language=msg.spec.language
        )
        if msg.spec.pace is not None and msg.spec.pace != 1.0:
            speech = await at_pace(speech, msg.spec.pace, deps.ffmpeg)
    except Exception as e:
        raise scene_failure(scene.index, e, final=ctx.attempt + 1 >= deps.attempts) from e
    key = keys.scene_audio(msg.job_id, scene.index)
    await deps.storage.put(key, speech.wav, "audio/wav")
    # Beside the audio, so render (or a person) can re-time captions without the bus message.
    words = {"duration_s": speech.duration_s, "words": [w.model_dump() for w in speech.words]}
    await deps.storage.put(
        keys.scene_words(msg.job_id, scene.index), json.dumps(words).encode(), "application/json"
    )
    ctx.log.info("scene.narrated", scene=scene.index, seconds=round(speech.duration_s, 2),
                 pace=msg.spec.pace or 1.0)  # fmt: skip
    return SceneNarrated(
        job_id=msg.job_id,
        index=scene.index,
        scene_count=msg.scene_count,
        story_key=msg.story_key,
        audio_key=key,
        duration_s=speech.duration_s,
        words=speech.words,
        voice=deps.voice.name,
    )
