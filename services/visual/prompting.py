"""The text a hosted image provider receives, and the check it passes before it is sent.

One composition for every provider, so the rule policy screens exactly the words that leave
the machine: the scene's prompt, the job's style phrase (one look for the whole film), the
mood, and the framing every scene needs (vertical, no lettering the captions would fight).
"""

from services.visual.painter import SINGLE, Job, Painter
from shared.providers import ProviderRefused
from shared.safety.rules import default_policy

FRAMING = "Vertical 9:16 frame, cinematic, photographic, no text, no letters, no watermark."


def compose(prompt: str, style: str, mood: str) -> str:
    parts = [prompt.strip().rstrip("."), style.strip().rstrip("."), f"Mood: {mood.strip()}"]
    return ". ".join(p for p in parts if p) + ". " + FRAMING


class PromptRefused(ProviderRefused):
    """The rule policy found something in the prompt; it was not sent."""


class ScreenedPainter:
    """A hosted painter behind the filter's rule policy: a refused prompt never leaves."""

    def __init__(self, inner: Painter) -> None:
        self.inner, self.name, self.model = inner, inner.name, inner.model
        self.sends_prompts = inner.sends_prompts

    async def paint(
        self, prompt: str, *, style: str, mood: str, seed: int, width: int, height: int,
        job: Job = SINGLE,
    ) -> bytes:  # fmt: skip
        findings = default_policy().check_text(compose(prompt, style, mood))
        if findings:
            listed = "; ".join(str(f) for f in findings)
            raise PromptRefused(f"image prompt refused by the rule policy: {listed}")
        return await self.inner.paint(
            prompt, style=style, mood=mood, seed=seed, width=width, height=height, job=job
        )
