"""Real offline videos come out the length asked for: within ±5 % at 30, 45 and 60 s.

The writer plans words against the offline voice's measured speed and leaves room for pauses;
render measures the narration and fits the pause after each scene to the asked-for length.
Three scenes each keep the painting (the slow part) short.
"""

import asyncio

import pytest

from services.cli.run import run_job
from shared.config import load_settings
from shared.media.probe import probe
from shared.messages.job import JobSpec

TOLERANCE = 0.05


@pytest.mark.slow  # three real offline jobs: voice, painter, ffmpeg
@pytest.mark.parametrize("duration", [30, 45, 60])
def test_an_offline_video_is_within_five_percent_of_its_asked_length(duration, tmp_path) -> None:
    spec = JobSpec(
        topic="a lighthouse keeper hears knocking from below", duration_s=duration,
        scenes=3, seed=duration,
    )  # fmt: skip
    settings = load_settings(storage="local", storage_dir=tmp_path)
    job = asyncio.run(run_job(spec, settings, None))
    assert job.status == "completed", job.error
    info = asyncio.run(probe(tmp_path / job.outputs["video.mp4"]))
    print(f"asked {duration} s, made {info.duration_s:.2f} s")
    assert info.duration_s is not None
    assert abs(info.duration_s - duration) <= TOLERANCE * duration


def test_the_pause_fills_the_gap_to_the_asked_length_within_bounds() -> None:
    from services.render.timeline import fitted_pause

    speeches = [8.0, 9.0, 10.0]
    assert fitted_pause(speeches, 30.0, pause_s=0.45, least_s=0.2, most_s=2.5) == 1.0
    assert fitted_pause(speeches, 40.0, pause_s=0.45, least_s=0.2, most_s=2.5) == 2.5
    assert fitted_pause(speeches, 20.0, pause_s=0.45, least_s=0.2, most_s=2.5) == 0.2
    assert fitted_pause(speeches, None, pause_s=0.45, least_s=0.2, most_s=2.5) == 0.45
