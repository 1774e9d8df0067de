"""How each scene of a job is shot, decided without shared state.

Every visual worker paints one scene, maybe in parallel with the others, so none can ask what
its siblings drew. Each reads the same inputs instead — the job's image prompts (from the
story), the job seed and its scene index — and computes the whole job's shot list, then takes
its own line. Same inputs, same list, in every worker: no subject is shot the same way twice.
A scene whose siblings are unknown (no story) still rotates framings by its index.
"""

import zlib
from dataclasses import dataclass

from services.visual.engine.catalog import SUBJECTS
from services.visual.engine.reading import Reading, read
from services.visual.engine.vocab import Subject

FRAMINGS = ("medium", "close-up", "wide", "low angle", "through a doorway", "through a window")
LIGHTS = ("lamp", "moon", "back")
FALLBACKS = ("figure", "fog", "candle", "house", "window", "corridor", "forest_path", "moon")


@dataclass(frozen=True)
class Shot:
    reading: Reading
    framing: str
    light: str


def _fallback(prompt: str, job_seed: int) -> Subject:
    names = [n for n in FALLBACKS if n in SUBJECTS] or list(SUBJECTS)
    return SUBJECTS[names[(zlib.crc32(prompt.encode()) + job_seed) % len(names)]]


def _framings(job_seed: int, index: int) -> list[str]:
    """The framings in the order scene `index` tries them: each scene starts one further on."""
    start = job_seed % len(FRAMINGS) + index
    return [FRAMINGS[(start + k) % len(FRAMINGS)] for k in range(len(FRAMINGS))]


def _light(subject: Subject, job_seed: int, index: int) -> str:
    """Every other scene in the subject's own light, the rest rotating through all three."""
    return subject.light if (index + job_seed) % 2 == 0 else LIGHTS[(job_seed + index) % 3]


def plan(prompts: list[str], job_seed: int) -> list[Shot]:
    """One shot per prompt; (subject, framing) never repeats while framings remain."""
    used: set[tuple[str, str]] = set()
    shots = []
    for i, prompt in enumerate(prompts):
        r = read(prompt, _fallback(prompt, job_seed))
        order = _framings(job_seed, i)
        framing = next((f for f in order if (r.subject.name, f) not in used), order[0])
        used.add((r.subject.name, framing))
        shots.append(Shot(r, framing, _light(r.subject, job_seed, i)))
    return shots


def shot_for(prompt: str, index: int, prompts: list[str], job_seed: int) -> Shot:
    """This scene's shot: from the whole job's plan when its prompts are known."""
    if 0 <= index < len(prompts) and prompts[index] == prompt:
        return plan(prompts, job_seed)[index]
    r = read(prompt, _fallback(prompt, job_seed))  # siblings unknown: the index alone rotates
    return Shot(r, _framings(job_seed, index)[0], _light(r.subject, job_seed, index))
