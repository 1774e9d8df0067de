"""Pictures cached by content: the same prompt, style, mood, seed and size are drawn once.

The key hashes every argument that decides the picture plus the provider and its model, so a
second job with the same scene and seed costs no provider call and no drawing.
"""

import hashlib
import json

from services.visual.painter import SINGLE, Job, Painter
from shared.storage import Storage, keys


def digest(
    name: str, model: str, prompt: str, style: str, mood: str, seed: int, width: int, height: int,
    job: Job = SINGLE,
) -> str:  # fmt: skip
    recipe: dict[str, object] = {
        "kind": "still",
        "provider": name,
        "model": model,
        "prompt": prompt,
        "style": style,
        "mood": mood,
        "seed": seed,
        "size": [width, height],
    }
    if job != SINGLE:  # a painter that plans the film draws scene 3 of this story its own way
        recipe["job"] = [job.index, job.seed, list(job.prompts)]
    return hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()


class CachedPainter:
    def __init__(self, inner: Painter, storage: Storage) -> None:
        self.inner, self.storage = inner, storage
        self.name, self.model, self.sends_prompts = inner.name, inner.model, inner.sends_prompts
        self.hits = self.misses = 0

    async def paint(
        self, prompt: str, *, style: str, mood: str, seed: int, width: int, height: int,
        job: Job = SINGLE,
    ) -> bytes:  # fmt: skip
        d = digest(self.name, self.model, prompt, style, mood, seed, width, height, job)
        key = keys.cached(d, ".png")
        try:
            png = await self.storage.get(key)  # storage writes are atomic: present = complete
        except FileNotFoundError:
            pass
        else:
            self.hits += 1
            return png
        self.misses += 1
        png = await self.inner.paint(
            prompt, style=style, mood=mood, seed=seed, width=width, height=height, job=job
        )
        await self.storage.put(key, png, "image/png")
        return png
