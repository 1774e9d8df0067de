"""Every caption style a job may name is drawn, and each looks as it says."""

from typing import get_args

import pytest

from services.render.captions import Phrase, Word
from services.render.engine import ass
from services.render.providers import ffmpeg as ffmpeg_provider
from services.render.renderer import Soundtrack, VideoPlan
from services.render.timeline import plan
from shared.messages.job import CaptionStyleName

PHRASE = [Phrase((Word("it", 0.0, 0.3, 0), Word("knocks", 0.3, 0.8, 0)))]


def test_each_style_a_job_may_name_has_a_look() -> None:
    assert set(ass.STYLES) == set(get_args(CaptionStyleName))
    assert ass.STYLES["karaoke"] == ass.CaptionStyle()  # the look jobs had before the choice


def test_the_styles_differ_in_case_size_and_highlight() -> None:
    scripts = {n: ass.script(PHRASE, s, title=None, title_s=0) for n, s in ass.STYLES.items()}
    assert "KNOCKS" in scripts["karaoke"] and "KNOCKS" in scripts["bold"]
    assert "knocks" in scripts["subtle"] and "KNOCKS" not in scripts["subtle"]
    assert "Style: Caption,Lato Black,112," in scripts["bold"]
    assert ass.ass_colour("#FFD60A") in scripts["bold"]
    assert "Style: Caption,Lato Black,76," in scripts["subtle"]


async def test_the_ffmpeg_renderer_burns_in_the_style_the_plan_names(tmp_path, monkeypatch) -> None:
    class Drawn(Exception):
        pass

    async def stop(*_: object, **__: object) -> None:
        raise Drawn  # the captions are written before the encode: nothing more is needed

    monkeypatch.setattr(ffmpeg_provider, "encode", stop)
    renderer = ffmpeg_provider.FfmpegRenderer("ffmpeg", ffmpeg_provider.FfmpegSettings())
    tl = plan([(0, 0.8)], pause_s=0.4, crossfade_s=0.4)
    video = VideoPlan(work=tmp_path, timeline=tl, pictures=[], voices=[], phrases=PHRASE,
                      title=None, title_s=0, sound=Soundtrack(music=None), seed=1,
                      caption_style="subtle")  # fmt: skip
    with pytest.raises(Drawn):
        await renderer.render(video, None)  # type: ignore[arg-type]
    assert "Style: Caption,Lato Black,76," in (tmp_path / ass.FILE).read_text()
