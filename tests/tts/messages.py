"""Scene work orders and handler contexts for calling the tts/visual handlers directly."""

import structlog

from shared.messages import JobSpec, Scene, SceneRequested
from shared.runtime import Context
from shared.state.memory import MemoryState


def scene_request(
    job_id: str,
    index: int,
    narration: str = "The knocking came from under the floor.",
    prompt: str = "a lighthouse on a cliff above a black sea",
    count: int = 3,
    **spec: object,
) -> SceneRequested:
    return SceneRequested(
        job_id=job_id,
        spec=JobSpec(topic="the lighthouse keeper hears knocking", **spec),  # type: ignore[arg-type]
        scene=Scene(index=index, narration=narration, image_prompt=prompt, mood="dread"),
        scene_count=count,
        story_key=f"{job_id}/story.json",
    )


def context(job_id: str, stage: str, attempt: int = 0) -> Context:
    return Context(job_id, stage, f"msg-{job_id}", attempt, structlog.get_logger(), MemoryState())
