"""TTS stage: one scene's narration to audio with word timings, stored under a fixed key."""

from dataclasses import dataclass

from services.tts.voice import Voice
from shared.messages import SceneNarrated, SceneRequested
from shared.runtime import Context, Permanent
from shared.storage import Storage, keys


@dataclass(frozen=True)
class TtsDeps:
    voice: Voice
    storage: Storage


async def narrate(msg: SceneRequested, ctx: Context, deps: TtsDeps) -> SceneNarrated:
    scene = msg.scene
    try:
        speech = await deps.voice.speak(
            scene.narration, voice=msg.spec.voice, language=msg.spec.language
        )
    except ValueError as e:  # e.g. an unknown voice name: retrying cannot help
        raise Permanent(f"scene {scene.index}: {e}", scene=scene.index) from None
    key = keys.scene_audio(msg.job_id, scene.index)
    await deps.storage.put(key, speech.wav, "audio/wav")
    ctx.log.info("scene.narrated", scene=scene.index, seconds=round(speech.duration_s, 2))
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
