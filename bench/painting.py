"""Time the offline painter per still at 1080x1920 on one core, against a baseline, and
measure how far apart (pHash) the stills of one video are.

- baseline: a plain vertical gradient fill at 1080x1920, encoded the same way (PNG, level 1):
  the floor any still pays for making and encoding a full frame;
- painter: one still per scene of offline stories, as the visual handler asks for it.

Both run in turn within each round in one process (numpy and Pillow single-threaded here), so
the ratio is fair on a noisy machine; times are CPU seconds of this process (process_time), so
other work on a shared box inflates them less than wall time would.
usage: OMP_NUM_THREADS=1 taskset -c 0 python -m bench.painting [VIDEOS] [ROUNDS]
"""

import io
import itertools
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageEnhance

from services.story.engine.writer import OfflineWriter
from services.visual.engine.likeness import distance, phash
from services.visual.engine.still import render
from shared.messages.job import JobSpec

W, H = 1080, 1920
TOPICS = json.loads(Path("tests/story/topics.json").read_text())


def baseline(seed: int) -> bytes:
    top = 0.02 + 0.01 * (seed % 5)
    rows = np.linspace(top, 0.25, H, dtype=np.float32)[:, None, None]
    img = np.broadcast_to(rows * np.asarray((0.5, 0.6, 0.7), np.float32), (H, W, 3))
    buf = io.BytesIO()
    Image.fromarray((np.clip(img, 0, 1) * 255).astype(np.uint8)).save(buf, "PNG", compress_level=1)
    return buf.getvalue()


def videos(n: int) -> list[tuple[int, tuple[str, ...], str]]:
    writer, out = OfflineWriter(), []
    for i in range(n):
        spec = JobSpec(topic=TOPICS[i % len(TOPICS)], seed=900 + i)
        story = writer.compose(spec)
        out.append((spec.seed or 0, tuple(s.image_prompt for s in story.scenes), spec.style))
    return out


def copy(png: bytes, brightness: float) -> bytes:
    img = ImageEnhance.Brightness(Image.open(io.BytesIO(png)).convert("RGB")).enhance(brightness)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=60)
    return buf.getvalue()


def main(n: int, rounds: int) -> None:
    jobs = videos(n)
    ratios, painted, floor = [], [], []
    stills: list[list[bytes]] = []
    for r in range(rounds):
        t0 = time.process_time()
        for k in range(8):
            baseline(k)
        base = (time.process_time() - t0) / 8
        t0, count, stills = time.process_time(), 0, []
        for seed, prompts, style in jobs:
            stills.append([
                render(p, style, "dread", seed * 31 + i, W, H, index=i, prompts=prompts,
                       job_seed=seed)
                for i, p in enumerate(prompts)
            ])  # fmt: skip
            count += len(prompts)
        per = (time.process_time() - t0) / count
        painted.append(per)
        floor.append(base)
        ratios.append(per / base)
        print(f"round {r + 1}: painter {per * 1000:.0f} ms/still ({count} stills); "
              f"gradient {base * 1000:.0f} ms; ratio {per / base:.2f}")  # fmt: skip
    mid = statistics.median
    print(f"median painter {mid(painted) * 1000:.0f} ms/still, gradient "
          f"{mid(floor) * 1000:.0f} ms, ratio {mid(ratios):.2f}")  # fmt: skip
    within = [distance(phash(a), phash(b)) for v in stills for a, b in itertools.combinations(v, 2)]
    copies = [
        distance(phash(s), phash(copy(s, k))) for v in stills for s in v[:2] for k in (1.1, 0.85)
    ]
    print(f"pHash within a video: {len(within)} pairs, min {min(within):.3f}, "
          f"p1 {np.percentile(within, 1):.3f}, median {np.median(within):.3f}")  # fmt: skip
    print(f"pHash JPEG q60 copies (+10 %/-15 % brightness): {len(copies)}, "
          f"max {max(copies):.3f}, median {np.median(copies):.3f}")  # fmt: skip


if __name__ == "__main__":
    if os.environ.get("OMP_NUM_THREADS") != "1":
        print("note: run with OMP_NUM_THREADS=1 taskset -c 0 for one core", file=sys.stderr)
    args = [int(a) for a in sys.argv[1:]]
    main(*(args + [6, 3][len(args) :]))
