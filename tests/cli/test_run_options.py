"""`grimreel run`'s options become the job POST /jobs would make: a profile fills what the
command line leaves unset, and every bad value is refused with one line (exit 2)."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.cli.commands import app
from services.cli.intake import Refused, spec_from


@pytest.fixture
def profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "profiles.json"
    doc = {"night": {"pace": 1.2, "caption_style": "bold", "tone": "folk", "duration_s": 40}}
    path.write_text(json.dumps(doc))
    monkeypatch.setenv("GRIMREEL_PROFILES_FILE", str(path))


def test_a_profile_fills_what_the_command_line_leaves_unset(profiles: None) -> None:
    spec = spec_from({"topic": "the orchard keeper", "profile": "night", "duration_s": 30})
    assert (spec.pace, spec.caption_style, spec.tone) == (1.2, "bold", "folk")
    assert spec.duration_s == 30  # the command line wins
    plain = spec_from({"topic": "the orchard keeper"})
    assert (plain.pace, plain.caption_style, plain.tone, plain.duration_s) == (
        None, None, "paranormal", 60
    )  # fmt: skip


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"caption_style": "neon"}, "caption_style: Input should be 'karaoke'"),
        ({"pace": 3.0}, "pace: Input should be less than or equal to 1.4"),
        ({"profile": "nope"}, "no profile 'nope'"),
        ({"music": "no-such-track"}, "music"),
        ({"topic": "sexual stories about children"}, "topic refused: minors"),
    ],
)
def test_bad_options_are_refused_with_a_line_each(options: dict, words: str) -> None:
    with pytest.raises(Refused) as caught:
        spec_from({"topic": "the orchard keeper", **options})
    assert any(words in line for line in caught.value.lines), caught.value.lines


def test_the_command_exits_2_and_prints_the_reason(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", "the orchard", "--caption-style", "neon",
                                      "--out", str(tmp_path)])  # fmt: skip
    assert result.exit_code == 2
    assert "caption_style" in result.output
    assert not any(tmp_path.iterdir())  # refused before anything was made
