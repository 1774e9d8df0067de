"""A render whose encoder crashed is tried again here, from a clean scratch folder.

ffmpeg can die of a signal mid-render (the OOM killer, an operator; issue #18's segfaults, since
fixed in the filter graph); a crash says little about the job, and a long video is the job users
least want sent back to the queue.
Each crash is logged and written to the job's timeline with its signal and stderr tail. When
the last try crashes too, ``RendererCrashed`` (not Permanent) leaves the handler and the
runtime retries the message later.
"""

import asyncio

from services.render.renderer import Rendered, Renderer, RendererCrashed, VideoPlan
from services.render.scratch import reset_scratch
from shared import timeline
from shared.runtime.stage import Context

TAIL_LINES = 5  # of ffmpeg's stderr, in the timeline (the log gets them all)


async def render_retrying(
    renderer: Renderer, video: VideoPlan, ctx: Context, retries: int
) -> Rendered:
    """``renderer.render(video)``, tried up to ``retries`` more times after a crash."""
    inputs = {entry.name for entry in video.work.iterdir()}  # what the handler put there
    for tried in range(1, retries + 2):
        try:
            return await renderer.render(video, ctx)
        except RendererCrashed as e:
            last = tried > retries
            ctx.log.warning("render.encoder_crashed", signal=e.signal, render_try=tried,
                            retrying=not last, stderr=e.tail)  # fmt: skip
            if last:
                raise
            reason = str(e).splitlines()[0]
            await ctx.note(timeline.RETRY, reason=reason, delay_s=0.0, signal=e.signal,
                           stderr=e.tail[-TAIL_LINES:], render_try=tried)  # fmt: skip
            await asyncio.to_thread(reset_scratch, video.work, inputs)
    raise AssertionError("unreachable: the last try returns or raises")
