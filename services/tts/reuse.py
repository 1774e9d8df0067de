"""A derived job's narration taken from its parent (JobSpec.reuse) instead of spoken again:
the audio and its word timings are copied under this job's keys, so the job stands on its own
once the parent's files are cleaned up."""

import json

from pydantic import ValidationError

from shared.messages import SceneNarrated, SceneRequested, WordTiming
from shared.runtime import Permanent
from shared.storage import Storage, keys


def reuses(msg: SceneRequested) -> str | None:
    """The parent whose narration of this scene the job takes; None: speak it."""
    spec = msg.spec
    if spec.parent_id is None or spec.reuse is None:
        return None
    return spec.parent_id if msg.scene.index in spec.reuse.audio else None


async def copy_narration(msg: SceneRequested, parent: str, storage: Storage) -> SceneNarrated:
    index = msg.scene.index
    try:
        wav = await storage.get(keys.scene_audio(parent, index))
        words = await storage.get(keys.scene_words(parent, index))
        timed = json.loads(words)
        duration = float(timed["duration_s"])
        timings = [WordTiming.model_validate(w) for w in timed["words"]]
    except FileNotFoundError as e:  # checked at the redo; cleaned up since: no retry brings it
        raise Permanent(f"scene {index}: job {parent}'s narration is gone ({e})") from e
    except (ValueError, KeyError, TypeError, ValidationError) as e:
        raise Permanent(f"scene {index}: job {parent}'s word timings are unreadable: {e}") from e
    key = keys.scene_audio(msg.job_id, index)
    await storage.put(key, wav, "audio/wav")
    await storage.put(keys.scene_words(msg.job_id, index), words, "application/json")
    return SceneNarrated(
        job_id=msg.job_id,
        index=index,
        scene_count=msg.scene_count,
        story_key=msg.story_key,
        audio_key=key,
        duration_s=duration,
        words=timings,
        voice="reused",
    )
