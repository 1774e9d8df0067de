"""The one ffmpeg command that renders the video: inputs, filter graph, encoder settings."""

from dataclasses import dataclass
from pathlib import Path

from services.render.motion import camera
from services.render.timeline import HEIGHT, WIDTH, Timeline

RATE = 48_000
STEREO = f"aresample={RATE},aformat=sample_fmts=fltp:channel_layouts=stereo"


@dataclass(frozen=True)
class AudioMix:
    music: Path | None  # looped for the whole video; None for narration only
    music_db: float = -14.0  # music level against full scale, before ducking
    pitch_semitones: float = -2.0  # darker voice; length is kept
    echo: bool = True
    lufs: float = -14.0
    true_peak_db: float = -1.5


@dataclass(frozen=True)
class Encoding:
    preset: str = "veryfast"
    crf: int = 23
    audio_bitrate: str = "192k"
    transition: str = "fade"
    camera_seed: int = 0  # picks the framings the camera runs through


def _video(tl: Timeline, transition: str, camera_seed: int) -> list[str]:
    parts = []
    for i, slot in enumerate(tl.slots):
        # one decoded still, repeated by ``loop``: a looped PNG input would decode every frame.
        # xfade blends only 4:4:4, so the still is converted once here, not every frame there
        parts.append(
            f"[{2 * i}:v]scale={WIDTH}:{HEIGHT}:force_original_aspect_ratio=increase"
            f":flags=lanczos,crop={WIDTH}:{HEIGHT},setsar=1,format=yuv444p,"
            f"loop=loop={slot.clip_frames - 1}:size=1:start=0,setpts=N/{tl.fps}/TB[v{i}]"
        )
    last = "v0"
    if tl.fade_frames == 0 and len(tl.slots) > 1:  # hard cuts were asked for
        labels = "".join(f"[v{i}]" for i in range(len(tl.slots)))
        parts.append(f"{labels}concat=n={len(tl.slots)}:v=1:a=0[joined]")
        last = "joined"
    for i, slot in enumerate(tl.slots[1:] if tl.fade_frames else [], start=1):
        parts.append(
            f"[{last}][v{i}]xfade=transition={transition}:duration={tl.fade_s:.6f}"
            f":offset={slot.fade_at_s:.6f}[x{i}]"
        )
        last = f"x{i}"
    cuts = [slot.first_frame - tl.fade_frames // 2 for slot in tl.slots[1:]]
    move = camera(cuts, tl.total_frames, WIDTH, HEIGHT, first=camera_seed)
    # 4:2:0 before the camera: it resamples half the samples it would in 4:4:4
    parts.append(f"[{last}]format=yuv420p,{move},ass=captions.ass:fontsdir=fonts[vout]")
    return parts


def _voice(tl: Timeline, mix: AudioMix) -> list[str]:
    parts = []
    for i, slot in enumerate(tl.slots):
        # pad each narration to its slot and cut it there: sample-exact scene starts
        parts.append(
            f"[{2 * i + 1}:a]{STEREO},apad=whole_dur={slot.slot_s:.6f},"
            f"atrim=duration={slot.slot_s:.6f}[a{i}]"
        )
    labels = "".join(f"[a{i}]" for i in range(len(tl.slots)))
    chain = []
    if mix.pitch_semitones:
        r = 2 ** (mix.pitch_semitones / 12)
        # resampling lowers pitch and slows down; atempo speeds back up without the pitch
        chain.append(f"asetrate={RATE * r:.3f},aresample={RATE},atempo={1 / r:.6f}")
    if mix.echo:
        chain.append("aecho=0.9:0.5:70|140:0.22|0.1")
    chain.append(f"apad=whole_dur={tl.total_s:.6f},atrim=duration={tl.total_s:.6f}")
    parts.append(f"{labels}concat=n={len(tl.slots)}:v=0:a=1,{','.join(chain)}[voice]")
    return parts


def _mix(tl: Timeline, mix: AudioMix, music_input: int) -> list[str]:
    norm = (
        f"loudnorm=I={mix.lufs}:TP={mix.true_peak_db}:LRA=11,{STEREO}"
        f",atrim=duration={tl.total_s:.6f}"
    )
    if mix.music is None:
        return [f"[voice]{norm}[aout]"]
    total = tl.total_s
    fade_in, fade_out = min(1.5, total / 4), min(3.0, total / 3)
    return [
        "[voice]asplit=2[vmain][vkey]",
        f"[{music_input}:a]{STEREO},atrim=duration={total:.6f},volume={mix.music_db}dB,"
        f"afade=t=in:d={fade_in:.3f},afade=t=out:st={total - fade_out:.3f}:d={fade_out:.3f}[mus]",
        # the voice keys the compressor: music dips under speech and swells in the pauses
        "[mus][vkey]sidechaincompress=threshold=0.015:ratio=8:attack=20:release=450[duck]",
        "[vmain][duck]amix=inputs=2:duration=first:dropout_transition=0:normalize=0[mixed]",
        f"[mixed]{norm}[aout]",
    ]


def command(
    tl: Timeline, images: list[Path], audios: list[Path], mix: AudioMix, enc: Encoding,
    out: Path,
) -> list[str]:  # fmt: skip
    """ffmpeg arguments (without the executable); paths relative to the scratch folder."""
    args: list[str] = []
    for image, audio in zip(images, audios, strict=True):
        args += ["-framerate", str(tl.fps), "-i", str(image), "-i", str(audio)]
    music_input = 2 * len(images)
    if mix.music is not None:
        args += ["-stream_loop", "-1", "-i", str(mix.music)]
    graph = (
        _video(tl, enc.transition, enc.camera_seed) + _voice(tl, mix) + _mix(tl, mix, music_input)
    )
    args += ["-filter_complex", ";\n".join(graph), "-map", "[vout]", "-map", "[aout]"]
    args += [
        "-c:v", "libx264", "-preset", enc.preset, "-crf", str(enc.crf), "-pix_fmt", "yuv420p",
        "-profile:v", "high", "-r", str(tl.fps), "-g", str(2 * tl.fps),
        "-c:a", "aac", "-b:a", enc.audio_bitrate, "-ar", str(RATE), "-ac", "2",
        "-movflags", "+faststart", "-y", str(out),
    ]  # fmt: skip
    return args
