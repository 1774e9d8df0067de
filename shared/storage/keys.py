"""Deterministic storage keys: a redelivered message overwrites the same object."""


def _check(job_id: str) -> str:
    if not job_id or "/" in job_id or job_id.startswith("."):
        raise ValueError(f"job id {job_id!r} cannot be used in a storage key")
    return job_id


def work(job_id: str) -> str:
    return f"{_check(job_id)}/work/"


def story(job_id: str) -> str:
    return f"{_check(job_id)}/story.json"


def scene_audio(job_id: str, index: int) -> str:
    return f"{work(job_id)}scene-{index:02d}.wav"


def scene_words(job_id: str, index: int) -> str:
    return f"{work(job_id)}scene-{index:02d}.words.json"


def scene_image(job_id: str, index: int) -> str:
    return f"{work(job_id)}scene-{index:02d}.png"


def output(job_id: str, name: str) -> str:
    """A final output: video.mp4, thumbnail.jpg, captions.srt, captions.vtt, metadata.json."""
    return f"{_check(job_id)}/{name}"


def cached(digest: str, suffix: str) -> str:
    return f"cache/{digest[:2]}/{digest}{suffix}"
