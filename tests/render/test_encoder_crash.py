"""An encoder that dies of a signal does not fail the job: the render is tried again."""

import stat
from pathlib import Path

import pytest

from services.cli.doctor import diagnose
from services.render.bootstrap import make_renderer
from services.render.deps import RenderDeps
from services.render.handler import render
from services.render.renderer import RendererCrashed
from shared import timeline
from shared.config import Settings
from shared.media.ffmpeg import ffmpeg_exe
from shared.runtime.errors import Permanent
from shared.storage import keys
from tests.render.conftest import make_context, make_deps
from tests.render.samples import store_sample

pytestmark = pytest.mark.slow  # real renders

# The video's run (the one with libx264) dies of SIGSEGV, as the static build's encoder
# crashes: the wrapper kills itself, so the process the renderer waits on dies by a signal.
# A timed kill of ffmpeg raced a fast encode (CI finished the 2.5 s render before the kill).
# Up to CRASHES times, counted by marker files; then the real ffmpeg runs.
WRAPPER = """#!/bin/sh
ulimit -c 0
case "$*" in
*libx264*)
  n=$(ls "{marks}" | wc -l)
  if [ "$n" -lt {crashes} ]; then
    touch "{marks}/crash-$n"
    kill -s SEGV $$
  fi;;
esac
exec "{real}" "$@"
"""


def _crashing_ffmpeg(tmp_path: Path, crashes: int) -> tuple[Path, Path]:
    marks = tmp_path / "marks"
    marks.mkdir()
    script = tmp_path / "ffmpeg-crashing"
    script.write_text(WRAPPER.format(marks=marks, crashes=crashes, real=ffmpeg_exe()))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, marks


def _deps(tmp_path: Path, crashes: int, **options: object) -> tuple[RenderDeps, Path]:
    script, marks = _crashing_ffmpeg(tmp_path, crashes)
    base = make_deps(tmp_path, **options)
    crashing = make_renderer("ffmpeg", str(script), {"preset": "ultrafast"})
    return RenderDeps(base.storage, crashing, base.settings, base.scratch_dir), marks


async def test_a_segfaulting_encoder_is_retried_and_the_job_completes(
    tmp_path: Path, job_id: str
) -> None:
    deps, marks = _deps(tmp_path, crashes=1)
    sample = await store_sample(deps.storage, job_id, durations=(2.5, 2.5))  # type: ignore[arg-type]
    ctx, state = await make_context(job_id)
    result = await render(sample.msg, ctx, deps)
    assert len(list(marks.iterdir())) == 1, "the encoder was not killed: nothing was proved"
    assert await deps.storage.exists(result.outputs["video.mp4"])
    assert result.duration_s == pytest.approx(2 * (2.5 + deps.settings.pause_s), abs=0.1)
    retries = [e for e in timeline.read(await state.timeline(job_id)) if e.event == "retry"]
    assert len(retries) == 1
    assert retries[0].stage == "render" and retries[0].get("signal") == 11
    assert "SIGSEGV" in (retries[0].reason or "")
    assert not any((tmp_path / "scratch").iterdir()), "scratch folder left behind"


async def test_an_encoder_crashing_every_time_goes_back_to_the_runtime_not_permanent(
    tmp_path: Path, job_id: str
) -> None:
    deps, marks = _deps(tmp_path, crashes=9, crash_retries=1)
    sample = await store_sample(deps.storage, job_id, durations=(2.5,))  # type: ignore[arg-type]
    ctx, state = await make_context(job_id)
    with pytest.raises(RendererCrashed) as caught:
        await render(sample.msg, ctx, deps)
    assert not isinstance(caught.value, Permanent)
    assert "killed by signal 11 (SIGSEGV)" in str(caught.value)
    assert len(list(marks.iterdir())) == 2, "one try and one retry"
    events = timeline.read(await state.timeline(job_id))
    assert [e.event for e in events].count("retry") == 1  # the runtime records the next one
    assert not await deps.storage.exists(keys.output(job_id, "video.mp4"))
    assert not any((tmp_path / "scratch").iterdir()), "scratch folder left behind"


async def test_doctor_encodes_a_second_and_names_the_signal_of_a_crashing_encoder(
    tmp_path: Path,
) -> None:
    crashing = tmp_path / "ffmpeg-segv"
    crashing.write_text(f'#!/bin/sh\nulimit -c 0\ncase "$*" in *libx264*) kill -s SEGV $$;; esac\n'
                        f'exec "{ffmpeg_exe()}" "$@"\n')  # fmt: skip
    crashing.chmod(crashing.stat().st_mode | stat.S_IXUSR)
    for ffmpeg, ok, words in ((ffmpeg_exe(), True, "1.0 s of 1080x1920 H.264"),
                              (str(crashing), False, "killed by signal 11 (SIGSEGV)")):  # fmt: skip
        rows = await diagnose(Settings(ffmpeg=ffmpeg, storage_dir=tmp_path), services=False)
        encode = next(row for row in rows if row[0] == "encode")
        assert encode[1] is ok and words in encode[2], encode
