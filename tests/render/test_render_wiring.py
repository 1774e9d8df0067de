"""The bootstrap builds the renderer its settings name, from the variables users already set."""

from pathlib import Path

import pytest

from services.render.bootstrap import build, make_renderer
from services.render.deps import RenderDeps
from services.render.providers.ffmpeg import FfmpegRenderer
from services.render.renderer import Renderer
from services.render.settings import RenderSettings
from shared.config import ConfigError, Settings, load_as
from shared.media.ffmpeg import ffmpeg_exe
from shared.runtime.stage import Bound
from tests.render.samples import tone_wav


def _deps(tmp_path: Path, cfg: RenderSettings | None = None) -> RenderDeps:
    (stage,) = build(Settings(storage_dir=tmp_path), cfg)
    handler = next(iter(stage.handlers.values()))
    assert isinstance(handler, Bound)
    deps = handler.deps
    assert isinstance(deps, RenderDeps)
    return deps


def test_the_bootstrap_builds_the_renderer_named_in_settings(tmp_path: Path) -> None:
    deps = _deps(tmp_path, RenderSettings(renderer="ffmpeg", pause_s=0.3))
    assert isinstance(deps.renderer, FfmpegRenderer) and isinstance(deps.renderer, Renderer)
    assert deps.settings.pause_s == 0.3


def test_an_unknown_renderer_is_a_config_error_naming_the_known_ones(tmp_path: Path) -> None:
    known = r"no renderer provider named 'blender' \(known: ffmpeg\)"
    with pytest.raises(ConfigError, match=known):
        _deps(tmp_path, RenderSettings(renderer="blender"))


def test_render_knobs_keep_their_variable_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRIMREEL_RENDER_RENDERER", "ffmpeg")
    monkeypatch.setenv("GRIMREEL_RENDER_PAUSE_S", "0.2")
    monkeypatch.setenv("GRIMREEL_RENDER_TITLE_CARD", "false")
    monkeypatch.setenv("GRIMREEL_RENDER_MUSIC_PATH", str(tmp_path))
    monkeypatch.setenv("GRIMREEL_PRESET", "slow")
    monkeypatch.setenv("GRIMREEL_CRF", "30")
    deps = _deps(tmp_path)
    assert (deps.settings.pause_s, deps.settings.title_card) == (0.2, False)
    assert deps.settings.music_path == tmp_path
    assert isinstance(deps.renderer, FfmpegRenderer)
    assert (deps.renderer.settings.preset, deps.renderer.settings.crf) == ("slow", 30)


def test_the_encoder_knobs_are_also_read_with_the_render_prefix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GRIMREEL_RENDER_PRESET", "medium")
    monkeypatch.setenv("GRIMREEL_RENDER_CRF", "28")
    renderer = make_renderer("ffmpeg", ffmpeg_exe())
    assert isinstance(renderer, FfmpegRenderer)
    assert (renderer.settings.preset, renderer.settings.crf) == ("medium", 28)


def test_out_of_range_knobs_are_config_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIMREEL_RENDER_CROSSFADE_S", "9")
    with pytest.raises(ConfigError, match="GRIMREEL_RENDER_CROSSFADE_S"):
        load_as(RenderSettings)
    with pytest.raises(ConfigError, match="less than or equal to 51"):
        make_renderer("ffmpeg", ffmpeg_exe(), {"crf": 52})


async def test_the_renderer_measures_speech_and_says_what_is_wrong(tmp_path: Path) -> None:
    renderer = make_renderer("ffmpeg", ffmpeg_exe())
    voice, junk = tmp_path / "voice.wav", tmp_path / "junk.wav"
    voice.write_bytes(tone_wav(1.25, 220.0))
    junk.write_bytes(b"not a wav at all" * 8)
    assert await renderer.speech_s(voice) == pytest.approx(1.25, abs=1e-3)
    with pytest.raises(ValueError, match="is unreadable"):
        await renderer.speech_s(junk)
