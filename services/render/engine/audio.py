"""The soundtrack, mixed and measured before the video: voice, ducked music, loudness gain.

A first, audio-only ffmpeg run treats the voice, ducks the music under it, writes the mix and
measures its integrated loudness (ebur128). The video's run then applies one gain and a peak
limiter. ``loudnorm`` inside the video's graph did both in one pass but cost ~1.8 s of CPU per
minute of video (it upsamples to 192 kHz to find true peaks); this costs ~0.8 s, and a constant
gain keeps the mix's dynamics where loudnorm's one-pass mode rides the gain up and down.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from services.render.timeline import Timeline

RATE = 48_000
STEREO = f"aresample={RATE},aformat=sample_fmts=fltp:channel_layouts=stereo"
MIX_FILE = "mix.wav"
LOUDNESS_FILE = "loudness.txt"
SILENCE_LUFS = -70.0  # ebur128's gate: a mix this quiet gets no gain
MAX_GAIN_DB = 30.0
PEAK_MARGIN_DB = 0.5  # the limiter catches samples; peaks between samples run up to ~0.5 dB over


@dataclass(frozen=True)
class AudioMix:
    music: Path | None  # looped for the whole video; None for narration only
    music_db: float = -14.0  # music level against full scale, before ducking
    pitch_semitones: float = -2.0  # darker voice; length is kept
    echo: bool = True
    lufs: float = -14.0
    true_peak_db: float = -1.5


def _voice(tl: Timeline, mix: AudioMix) -> list[str]:
    parts = []
    for i, slot in enumerate(tl.slots):
        # pad each narration to its slot and cut it there: sample-exact scene starts
        parts.append(
            f"[{i}:a]{STEREO},apad=whole_dur={slot.slot_s:.6f},"
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


def _music(tl: Timeline, mix: AudioMix, music_input: int) -> list[str]:
    if mix.music is None:
        return ["[voice]anull[mixed]"]
    total = tl.total_s
    fade_in, fade_out = min(1.5, total / 4), min(3.0, total / 3)
    return [
        "[voice]asplit=2[vmain][vkey]",
        f"[{music_input}:a]{STEREO},atrim=duration={total:.6f},volume={mix.music_db}dB,"
        f"afade=t=in:d={fade_in:.3f},afade=t=out:st={total - fade_out:.3f}:d={fade_out:.3f}[mus]",
        # the voice keys the compressor: music dips under speech and swells in the pauses
        "[mus][vkey]sidechaincompress=threshold=0.015:ratio=8:attack=20:release=450[duck]",
        "[vmain][duck]amix=inputs=2:duration=first:dropout_transition=0:normalize=0[mixed]",
    ]


def mix_command(tl: Timeline, audios: list[Path], mix: AudioMix) -> list[str]:
    """ffmpeg arguments that write ``MIX_FILE`` (float, so nothing clips before the gain) and
    its running loudness to ``LOUDNESS_FILE``; paths relative to the scratch folder."""
    args: list[str] = []
    for audio in audios:
        args += ["-i", str(audio)]
    if mix.music is not None:
        args += ["-stream_loop", "-1", "-i", str(mix.music)]
    graph = _voice(tl, mix) + _music(tl, mix, len(audios))
    graph.append(
        "[mixed]ebur128=metadata=1,"
        f"ametadata=mode=print:key=lavfi.r128.I:file={LOUDNESS_FILE},"
        f"atrim=duration={tl.total_s:.6f}[aout]"
    )
    return [
        *args, "-filter_complex", ";\n".join(graph), "-map", "[aout]",
        "-c:a", "pcm_f32le", "-ar", str(RATE), "-ac", "2", "-y", MIX_FILE,
    ]  # fmt: skip


def integrated(log: str) -> float:
    """The mix's integrated loudness from ametadata's log (its last running value)."""
    values = re.findall(r"lavfi\.r128\.I=(-?[\d.]+|-?inf|nan)", log)
    if not values:
        raise ValueError("the loudness log holds no lavfi.r128.I value")
    value = float(values[-1])
    return value if value == value else float("-inf")  # nan: nothing above the gate


def master(loudness_lufs: float, mix: AudioMix, total_s: float) -> str:
    """The filter chain the video's run puts on ``MIX_FILE``: gain to the target, then peaks."""
    gain = 0.0 if loudness_lufs <= SILENCE_LUFS else mix.lufs - loudness_lufs
    gain = min(gain, MAX_GAIN_DB)
    limit = 10 ** ((mix.true_peak_db - PEAK_MARGIN_DB) / 20)
    return (
        f"volume={gain:.3f}dB,"
        f"alimiter=limit={limit:.4f}:attack=5:release=80:level=false:latency=true,"
        f"{STEREO},atrim=duration={total_s:.6f}"
    )
