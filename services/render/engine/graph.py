"""The one ffmpeg command that renders the video: inputs, filter graph, encoder settings."""

from dataclasses import dataclass
from pathlib import Path

from services.render.engine import audio, camera, stills
from services.render.engine.motion import path
from services.render.timeline import HEIGHT, WIDTH, Timeline


@dataclass(frozen=True)
class Encoding:
    preset: str = "veryfast"
    crf: int = 23
    audio_bitrate: str = "192k"
    camera_seed: int = 0  # picks the framings the camera runs through


def shots(tl: Timeline, camera_seed: int, w: int, h: int) -> list[camera.Shot]:
    """The camera's plan for every frame of a w x h video: legs change at the middle of each
    crossfade. The framings are fractions of the picture, so a smaller frame gets the same
    moves."""
    cuts = [slot.first_frame - tl.fade_frames // 2 for slot in tl.slots[1:]]
    return camera.shots(path(cuts, tl.total_frames, w, h, camera_seed), w, h)


def _held(label: str, length: int, fps: int) -> str:
    """The picture repeated by reference (a looped PNG input would decode every frame), timed
    in whole frames. Timed as N/FRAME_RATE/TB in ffmpeg's microsecond time base, a few frames
    of every picture (~4 in 463) carried the previous frame's time; ``sendcmd``
    then skipped the camera's settings meant for them, and the last crop cut past the end of
    the resized picture (issue #18: garbage rows at the bottom, a segfault in x264 or in a
    filter's memcpy when the page after it was unmapped; docs/performance.md)."""
    return f"[{label}]loop=loop={length - 1}:size=1:start=0,settb=1/{fps},setpts=N"


def _video(tl: Timeline, plan: list[camera.Shot], w: int, h: int) -> list[str]:
    """The stills (input 0, one frame per scene) as a 4:2:0 stream at the video's rate,
    crossfaded, then the camera and the captions.

    Each picture is picked from the stills stream and held for its frames, twice: the "next"
    copy one crossfade earlier than the "now" copy. The two streams differ only during
    crossfades, and only there ``blend`` mixes them (now x opacity + next x (1 - opacity)),
    stepping the opacity frame by frame. No frame goes through 4:4:4, as it would for xfade.
    ``loop`` picks its frame with ``start=0`` only: ``start=N`` loops frame N-1 in ffmpeg 9.0.
    """
    fade, n = tl.fade_frames, len(tl.slots)
    lengths = [slot.frames for slot in tl.slots]
    early = [lengths[0] - fade, *lengths[1:-1], lengths[-1] + fade] if n > 1 else lengths
    streams = ["now", "next"] if fade else ["now"]
    parts = [f"[0:v]format=yuv420p,{camera.pad(w, h)},split={n}"
             + "".join(f"[s{k}]" for k in range(n))]  # fmt: skip
    runs: dict[str, list[str]] = {name: [] for name in streams}
    for k in range(n):
        held = {"now": lengths[k], "next": early[k]}
        keep = [name for name in streams if held[name]]  # the first "next" may be empty
        parts.append(f"[s{k}]select='eq(n,{k})',split={len(keep)}"
                     + "".join(f"[{name}{k}]" for name in keep))  # fmt: skip
        for name in keep:
            parts.append(f"{_held(f'{name}{k}', held[name], tl.fps)}[{name}{k}h]")
            runs[name].append(f"[{name}{k}h]")
    for name, labels in runs.items():
        parts.append(f"{''.join(labels)}concat=n={len(labels)}:v=1:a=0[{name}]")
    if fade:
        starts = [slot.first_frame for slot in tl.slots[1:]]
        steps = ";".join(
            f"{(s - fade + k - 0.5) / tl.fps:.6f}-{(s - fade + k + 0.5) / tl.fps:.6f} "
            f"blend@fade all_opacity {1 - k / fade:.6f}"
            for s in starts
            for k in range(1, fade)
        )
        enable = "+".join(f"between(n,{s - fade + 1},{s - 1})" for s in starts)
        parts.append(f"[next]sendcmd=c='{steps}'[nextc]")
        parts.append(f"[now][nextc]blend@fade=all_mode=normal:all_opacity=1:enable='{enable}'"
                     "[joined]")  # fmt: skip
    else:
        parts.append("[now]null[joined]")
    move = camera.filters(plan, w, h)
    parts.append(f"[joined]{move},ass=captions.ass:fontsdir=fonts[vout]")
    return parts


def command(
    tl: Timeline, sound: Path, master: str, enc: Encoding, out: Path, plan: list[camera.Shot],
    size: tuple[int, int] = (WIDTH, HEIGHT),
) -> list[str]:  # fmt: skip
    """ffmpeg arguments (without the executable) for a ``size`` video over the mixed
    ``sound``, with ``master`` (audio.master) on it. Paths are relative to the scratch folder,
    which must also hold the stills (stills.FILE, at ``size``) and the camera's script
    (camera.FILE). The captions' script keeps the full frame's coordinates: libass scales
    them to the video."""
    w, h = size
    args = [
        "-f", "rawvideo", "-pix_fmt", stills.PIX_FMT, "-video_size", f"{w}x{h}",
        "-framerate", str(tl.fps), "-i", stills.FILE, "-i", str(sound),
    ]  # fmt: skip
    graph = [*_video(tl, plan, w, h), f"[1:a]{master}[aout]"]
    args += ["-filter_complex", ";\n".join(graph), "-map", "[vout]", "-map", "[aout]"]
    return [*args, *encoder(enc, tl.fps), "-y", str(out)]


def encoder(enc: Encoding, fps: int) -> list[str]:
    """Output options: H.264 + AAC in a fast-start MP4."""
    return [
        "-c:v", "libx264", "-preset", enc.preset, "-crf", str(enc.crf), "-pix_fmt", "yuv420p",
        "-profile:v", "high", "-r", str(fps), "-g", str(2 * fps),
        "-c:a", "aac", "-b:a", enc.audio_bitrate, "-ar", str(audio.RATE), "-ac", "2",
        "-movflags", "+faststart",
    ]  # fmt: skip
