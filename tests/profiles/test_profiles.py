"""Channel profiles: checked at load (one line per bad value), filling what a job leaves out,
and applied end to end through POST /jobs and the (stub) pipeline."""

import json
from pathlib import Path

import pytest

from services.gateway.errors import ApiError
from services.gateway.intake import validate
from shared import profiles
from shared.config import ConfigError
from shared.messages.job import JobRequest
from shared.providers.options import offers

NIGHT = {
    "voice": "heart-gb",
    "tone": "folk",
    "style": "woodcut, candlelight",
    "language": "en-GB",
    "duration_s": 45,
    "tiktok": True,
    "webhook_url": "https://hooks.example/night",
}


@pytest.fixture
def profiles_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "profiles.json"
    path.write_text(json.dumps({"night": NIGHT, "short": {"duration_s": 20}}))
    monkeypatch.setenv("GRIMREEL_PROFILES_FILE", str(path))
    return path


def test_a_bad_profiles_file_names_every_bad_value_on_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    bad = {
        "ok": {"voice": "deep"},
        "loud": {"duration_s": 500, "language": "German", "colour": "red"},
        "x y": {"tiktok": "yes"},
    }
    path.write_text(json.dumps(bad))
    with pytest.raises(ConfigError) as e:
        profiles.load(path)
    lines = str(e.value).splitlines()
    assert lines[0] == f"invalid profiles file {path}:"
    body = "\n".join(lines[1:])
    assert len(lines) == 6, body
    assert "loud.duration_s: Input should be less than or equal to 180 (got 500)" in body
    assert "loud.language: Value error, language must be a language tag" in body
    assert "loud.colour: not a profile field" in body
    assert (
        "'x y': a profile name is" in body and "x y.tiktok: Input should be a valid boolean" in body
    )


def test_the_jobs_own_fields_win_over_its_profile() -> None:
    known = profiles.check({"night": NIGHT})
    req = JobRequest.model_validate({"topic": "the mill", "profile": "night", "tone": "cosmic"})
    spec = profiles.apply(req, known).spec()
    assert spec.tone == "cosmic"  # the job's own
    assert (spec.voice, spec.language, spec.duration_s, spec.tiktok) == (
        "heart-gb",
        "en-GB",
        45,
        True,
    )
    assert spec.profile == "night" and spec.webhook_url == NIGHT["webhook_url"]
    # a value equal to the default still counts as the job's own choice
    req = JobRequest.model_validate({"topic": "the mill", "profile": "night", "duration_s": 60})
    assert profiles.apply(req, known).duration_s == 60


def test_an_unknown_profile_is_a_422_naming_the_known_ones(profiles_file: Path) -> None:
    with pytest.raises(ApiError) as e:
        validate({"topic": "the mill", "profile": "day"})
    assert e.value.status == 422
    assert e.value.details == [
        {
            "field": "profile",
            "rule": "unknown_profile",
            "message": "no profile 'day'; known profiles: night, short",
        }
    ]


def test_a_profiles_bad_pace_music_and_caption_style_each_get_one_line() -> None:
    bad = {"fast": {"pace": 3, "music": "rain/../x", "caption_style": "neon"}}
    with pytest.raises(ConfigError) as e:
        profiles.check(bad)
    lines = str(e.value).splitlines()[1:]
    assert sorted(lines) == [
        "  fast.caption_style: Input should be 'karaoke', 'subtle' or 'bold' (got 'neon')",
        "  fast.music: Value error, music must be a track's name: letters, digits, spaces and"
        " _ . ' ( ) + - (got 'rain/../x')",
        "  fast.pace: Input should be less than or equal to 1.4 (got 3)",
    ]


def test_a_profiles_pace_music_and_caption_style_fill_the_job() -> None:
    known = profiles.check({"fast": {"pace": 1.25, "music": "rain", "caption_style": "bold"}})
    req = JobRequest.model_validate({"topic": "the mill", "profile": "fast", "pace": 0.9})
    spec = profiles.apply(req, known).spec()
    assert (spec.pace, spec.music, spec.caption_style) == (0.9, "rain", "bold")


def test_music_the_renderer_does_not_offer_is_a_422_listing_its_tracks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("bells.mp3", "rain.wav"):
        (tmp_path / name).write_bytes(b"x")
    monkeypatch.setenv("GRIMREEL_RENDER_MUSIC_PATH", str(tmp_path))
    offered = offers()
    assert validate({"topic": "the mill", "music": "rain"}, offered).music == "rain"
    with pytest.raises(ApiError) as e:
        validate({"topic": "the mill", "music": "waltz"}, offered)
    assert e.value.details == [
        {
            "field": "music",
            "rule": "choice",
            "message": "the renderer provider 'ffmpeg' offers: drone, bells, rain",
        }
    ]


def test_a_profile_can_ask_for_review_and_a_job_can_opt_out() -> None:
    known = profiles.check({"careful": {"approval": True}})
    req = JobRequest.model_validate({"topic": "the mill", "profile": "careful"})
    assert profiles.apply(req, known).spec().approval is True
    own = JobRequest.model_validate({"topic": "the mill", "profile": "careful", "approval": False})
    assert profiles.apply(own, known).spec().approval is False
    with pytest.raises(ConfigError, match=r"careful\.approval"):
        profiles.check({"careful": {"approval": "yes please"}})
