"""OpenAIModerationPolicy: the OpenAI moderation endpoint, sentence by sentence.

Only some of its categories block a horror short. Plain "violence" is the genre itself and
"harassment" fires on every "I will find you"; what must not be published maps onto the same
categories the offline policies use, so feedback reads alike whoever found the problem.
"""

from collections.abc import Iterable

import openai
from openai import AsyncOpenAI

from services.filter.policies.passages import Passage, passages
from shared.messages.story import Story
from shared.runtime import Permanent
from shared.safety.policy import Finding

# OpenAI category -> ours. violence/graphic is dropped when extreme gore is allowed.
BLOCKED = {
    "sexual/minors": "minors",
    "self-harm/instructions": "self-harm-instructions",
    "hate": "hate",
    "hate/threatening": "hate",
    "violence/graphic": "gore",
}
BATCH = 32  # inputs per request: one request for a typical short, bounded for long ones
RETRYABLE_4XX = (408, 409, 429)


def _batches(items: list[Passage]) -> Iterable[list[Passage]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


class OpenAIModerationPolicy:
    name = "openai-moderation"

    def __init__(
        self,
        *,
        api_key: str,
        model: str = "omni-moderation-latest",
        base_url: str | None = None,
        timeout_s: float = 30.0,
        gore_level: str = "moderate",
        max_retries: int = 2,
    ) -> None:
        # The SDK's own retries suffice here: it honours Retry-After up to two minutes, and a
        # longer outage ends as an ordinary error that the stage runtime retries later.
        self.client = AsyncOpenAI(
            api_key=api_key, base_url=base_url, timeout=timeout_s, max_retries=max_retries
        )
        self.model = model
        allowed = {"gore"} if gore_level == "extreme" else set()
        self.blocked = {k: v for k, v in BLOCKED.items() if v not in allowed}

    async def check(self, story: Story) -> list[Finding]:
        found = passages(story)
        findings: list[Finding] = []
        for batch in _batches(found):
            try:
                reply = await self.client.moderations.create(
                    model=self.model, input=[p.text for p in batch]
                )
            except openai.APIStatusError as e:
                if 400 <= e.status_code < 500 and e.status_code not in RETRYABLE_4XX:
                    # A bad key or model fails every job the same way: fail now, say why.
                    raise Permanent(f"OpenAI moderation: HTTP {e.status_code}: {e.message}") from e
                raise
            if len(reply.results) != len(batch):
                raise RuntimeError(
                    f"OpenAI moderation answered {len(reply.results)} results "
                    f"for {len(batch)} inputs"
                )
            for passage, result in zip(batch, reply.results, strict=True):
                flags = result.categories.model_dump(by_alias=True)
                on = [self.blocked[c] for c, hit in flags.items() if hit and c in self.blocked]
                for category in dict.fromkeys(on):  # hate and hate/threatening: one finding
                    findings.append(Finding(category, passage.scene, passage.text, self.name))
        return findings
