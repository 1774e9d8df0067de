"""assets.ready → video.rendered: fetch the scene assets, plan the video, have the renderer
make it, then the thumbnail, the contact sheet, sidecar captions and metadata, and upload them
all."""

import asyncio
import json
import time
import zlib
from pathlib import Path

from services.render import captions, subtitles
from services.render.captions import Phrase
from services.render.contact import make_contact_sheet
from services.render.crash_retry import render_retrying
from services.render.deps import RenderDeps
from services.render.inputs import SceneInput, fetch_scenes, fetch_story
from services.render.look import describe, frame, is_preview, job_spec
from services.render.metadata import metadata
from services.render.music_choice import choose_music
from services.render.renderer import Soundtrack, VideoPlan
from services.render.scratch import make_scratch, remove_scratch
from services.render.settings import RenderSettings
from services.render.thumbnail import make_thumbnail
from services.render.timeline import Timeline, fitted_pause, plan
from shared.media.heap import release_free_memory
from shared.messages.render import AssetsReady, VideoRendered
from shared.messages.story import Story
from shared.runtime.stage import Context
from shared.storage import keys

CONTENT_TYPES = {
    "video.mp4": "video/mp4",
    "thumbnail.jpg": "image/jpeg",
    "contact.jpg": "image/jpeg",
    "captions.srt": "application/x-subrip",
    "captions.vtt": "text/vtt",
    "metadata.json": "application/json",
}
# The pause after a scene may stretch or shrink to meet the asked-for length: shorter than
# 0.2 s the crossfade has no room, longer than 2.5 s the video stalls between pictures.
MIN_PAUSE_S, MAX_PAUSE_S = 0.2, 2.5
TITLE_S = 2.0  # the title card's time on screen, at most the whole video
__all__ = ["RenderDeps", "render"]


async def render(msg: AssetsReady, ctx: Context, deps: RenderDeps) -> VideoRendered:
    t0 = time.perf_counter()
    cfg = deps.settings
    work = make_scratch(deps.scratch_dir, msg.job_id)
    # what earlier work freed (painting, voices: one process in `grimreel run`) is still held
    # by the allocator; hand it back before this process and ffmpeg need theirs
    await release_free_memory()
    try:
        story = await fetch_story(deps.storage, msg.story_key)
        scenes = await fetch_scenes(msg, deps.storage, work, deps.renderer)
        await ctx.progress(0.04)
        pause = fitted_pause([s.speech_s for s in scenes], story.target_s, pause_s=cfg.pause_s,
                             least_s=MIN_PAUSE_S, most_s=MAX_PAUSE_S)  # fmt: skip
        tl = plan([(s.index, s.speech_s) for s in scenes], pause_s=pause,
                  crossfade_s=cfg.crossfade_s)  # fmt: skip
        ctx.log.info("render.planned", scenes=len(scenes), seconds=round(tl.total_s, 2),
                     frames=tl.total_frames)  # fmt: skip
        phrases = _captions(work, scenes, tl)
        title_s = min(TITLE_S, tl.total_s) if cfg.title_card else 0.0
        seed = _seed(msg)
        spec = await job_spec(ctx)
        music = choose_music(cfg.music_path, spec.music if spec else None, seed)
        look = describe(spec, music)
        ctx.log.info("render.look", **look)
        size = frame(spec)
        video = VideoPlan(
            work=work, timeline=tl, pictures=[s.image for s in scenes],
            voices=[s.audio for s in scenes], phrases=phrases,
            title=story.title if title_s else None, title_s=title_s,
            sound=_soundtrack(music, cfg), seed=seed,
            caption_style=spec.caption_style if spec else None,
            width=size[0], height=size[1], draft=is_preview(spec),
        )  # fmt: skip
        rendered = await render_retrying(deps.renderer, video, ctx, cfg.crash_retries)
        duration = rendered.duration_s
        await asyncio.to_thread(make_thumbnail, work / scenes[0].image, story.title,
                                work / "thumbnail.jpg")  # fmt: skip
        await asyncio.to_thread(make_contact_sheet, [work / s.image for s in scenes],
                                _narrations(story, scenes), work / "contact.jpg")  # fmt: skip
        outputs = {name: keys.output(msg.job_id, name) for name in CONTENT_TYPES}
        meta = metadata(story, tl, duration, outputs, size) | look
        (work / "metadata.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False))
        await asyncio.gather(*(
            deps.storage.put_file(key, work / name, CONTENT_TYPES[name])
            for name, key in outputs.items()
        ))  # fmt: skip
        await ctx.progress(1.0)
    finally:
        await remove_scratch(work)
    took = time.perf_counter() - t0
    ctx.log.info("render.done", seconds=round(duration, 2), render_s=round(took, 2))
    return VideoRendered(job_id=msg.job_id, outputs=outputs, duration_s=duration, render_s=took)


def _narrations(story: Story, scenes: list[SceneInput]) -> list[str]:
    said = {s.index: s.narration for s in story.scenes}
    return [said.get(s.index, "") for s in scenes]


def _seed(msg: AssetsReady) -> int:
    """Stable per job: picks its drone or music track and its camera's framings."""
    return zlib.crc32(msg.job_id.encode())


def _captions(work: Path, scenes: list[SceneInput], tl: Timeline) -> list[Phrase]:
    """The spoken words as on-screen phrases, also written beside the video as SRT and VTT."""
    words = [
        w
        for s, slot in zip(scenes, tl.slots, strict=True)
        for w in captions.place(s.index, slot.start_s, s.speech_s, s.words)
    ]
    phrases = captions.group(words)
    (work / "captions.srt").write_text(subtitles.srt(phrases), encoding="utf-8")
    (work / "captions.vtt").write_text(subtitles.vtt(phrases), encoding="utf-8")
    return phrases


def _soundtrack(music: Path | None, cfg: RenderSettings) -> Soundtrack:
    return Soundtrack(
        music=music,
        music_db=cfg.music_db,
        voice_pitch_semitones=cfg.voice_pitch_semitones,
        voice_echo=cfg.voice_echo,
        loudness_lufs=cfg.loudness_lufs,
    )
