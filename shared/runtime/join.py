"""The scene join: record a part; the caller that completes the set builds assets.ready."""

import json

from shared import topology
from shared.messages.render import AssetsReady, SceneAssets
from shared.messages.scene import SceneIllustrated, SceneNarrated, ScenePart
from shared.state.base import StateStore


async def complete_join(state: StateStore, part: ScenePart, claimer: str) -> AssetsReady | None:
    field = f"{part.index:03d}:{part.part}"
    expected = part.scene_count * len(topology.PARTS_PER_SCENE)
    parts = await state.join_part(part.job_id, field, part.model_dump_json(), expected, claimer)
    if parts is None:
        return None
    audio = {
        int(k[:3]): SceneNarrated.model_validate(json.loads(v))
        for k, v in parts.items()
        if k.endswith(":audio")
    }
    image = {
        int(k[:3]): SceneIllustrated.model_validate(json.loads(v))
        for k, v in parts.items()
        if k.endswith(":image")
    }
    scenes = [
        SceneAssets(
            index=i,
            audio_key=audio[i].audio_key,
            duration_s=audio[i].duration_s,
            words=audio[i].words,
            image_key=image[i].image_key,
        )
        for i in sorted(audio)
    ]
    return AssetsReady(job_id=part.job_id, story_key=part.story_key, scenes=scenes)
