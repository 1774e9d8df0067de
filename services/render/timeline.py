"""When each scene speaks and shows: frame-exact slots, clip lengths and crossfade offsets.

Scene i owns the screen for its narration plus a pause. Its narration starts at the sum of
the earlier slots, so the video is exactly as long as the narration track with its pauses.
The crossfade into scene i plays during the last frames of scene i-1's slot (its pause),
which is why every picture but the first is decoded ``crossfade`` frames early.
"""

from dataclasses import dataclass
from itertools import pairwise

FPS = 30
WIDTH, HEIGHT = 1080, 1920
# a preview (JobSpec.preview) is drawn at half size: a quarter of the pixels to move and encode
PREVIEW_WIDTH, PREVIEW_HEIGHT = 540, 960


@dataclass(frozen=True)
class Slot:
    index: int  # the scene's index in the story
    start_s: float  # narration start in the video; captions are offset by it
    speech_s: float  # narration length
    slot_s: float  # narration + pause
    first_frame: int  # first frame of the slot
    frames: int  # frames of the slot
    clip_frames: int  # frames the picture is needed for, counting the fade into it
    fade_at_s: float  # xfade offset of the transition into this scene (0 for the first)


@dataclass(frozen=True)
class Timeline:
    slots: list[Slot]
    fade_frames: int
    fps: int = FPS

    @property
    def total_s(self) -> float:
        last = self.slots[-1]
        return last.start_s + last.slot_s

    @property
    def total_frames(self) -> int:
        last = self.slots[-1]
        return last.first_frame + last.frames


def plan(
    speeches: list[tuple[int, float]], *, pause_s: float, crossfade_s: float, fps: int = FPS
) -> Timeline:
    """Slots for scenes given as (index, narration seconds), in playing order."""
    if not speeches:
        raise ValueError("a timeline needs at least one scene")
    starts, t = [], 0.0
    for _, speech in speeches:
        starts.append(t)
        t += speech + pause_s
    # frame boundaries are rounded from the running total so rounding never accumulates
    bounds = [round(s * fps) for s in starts] + [round(t * fps)]
    frames = [b - a for a, b in pairwise(bounds)]
    if min(frames) < 1:
        raise ValueError("every scene must last at least one frame")
    # the fade into scene i plays in the last frames of scene i-1: no scene may be shorter
    fade = min(round(crossfade_s * fps), *frames) if len(frames) > 1 else 0
    slots = []
    for i, ((index, speech), start) in enumerate(zip(speeches, starts, strict=True)):
        lead = fade if i > 0 else 0
        slots.append(
            Slot(
                index=index,
                start_s=start,
                speech_s=speech,
                slot_s=speech + pause_s,
                first_frame=bounds[i],
                frames=frames[i],
                clip_frames=frames[i] + lead,
                fade_at_s=(bounds[i] - lead) / fps,
            )
        )
    return Timeline(slots=slots, fade_frames=fade, fps=fps)


def fitted_pause(
    speeches: list[float], target_s: float | None, *, pause_s: float, least_s: float, most_s: float
) -> float:
    """The pause after each scene that makes the video `target_s` long: the narration is
    measured, the silence between scenes is what can give. Without a target (a hosted
    writer's story from before targets were stamped) the configured pause stands."""
    if not target_s or not speeches:
        return pause_s
    fitted = (target_s - sum(speeches)) / len(speeches)
    return min(most_s, max(least_s, fitted))
