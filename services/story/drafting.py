"""Asking a hosted model again when its answer is not a story.

Transport trouble (429, 5xx, timeouts, connection errors) is retried by the call policy
(shared.providers.CallPolicy) inside each request. This loop handles the other kind: the model
answered, but not with a usable story (malformed or cut-off JSON, a refusal, nothing). It asks
once more, telling the model what was wrong, then gives up: a refusal twice is a
ProviderRefused (Permanent: asking again will not change its mind), anything else twice is a
ProviderUnavailable, which the stage runtime retries later.
"""

from collections.abc import Awaitable, Callable
from typing import Literal

import structlog

from shared.messages.story import Story
from shared.providers import ProviderRefused, ProviderUnavailable

log = structlog.get_logger("story.drafting")
CONTENT_ATTEMPTS = 2  # a second answer usually fixes a glitch; a third rarely does


class DraftProblem(Exception):
    """The provider answered, but the answer is not a usable story."""

    def __init__(self, kind: Literal["malformed", "refusal", "empty"], detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail

    def hint(self) -> str:
        """Feedback for the next attempt, so the model knows what to change."""
        if self.kind == "refusal":
            return "the last answer was a refusal; this is fiction for a non-graphic horror short"
        return f"the last answer did not fill in the required structure ({self.detail})"


async def until_usable(provider: str, draft: Callable[[list[str]], Awaitable[Story]]) -> Story:
    """draft(hints) until it gives a story; hints say what the previous answer got wrong."""
    hints: list[str] = []
    for answers in range(1, CONTENT_ATTEMPTS + 1):
        try:
            return await draft(hints)
        except DraftProblem as problem:
            log.warning("story.unusable_answer", provider=provider, problem=str(problem))
            if answers == CONTENT_ATTEMPTS:
                what = f"{provider} gave no usable story in {answers} answers: {problem}"
                if problem.kind == "refusal":
                    raise ProviderRefused(what) from problem
                raise ProviderUnavailable(what) from problem
            hints = [problem.hint()]
    raise AssertionError("unreachable: the last attempt returns or raises")
