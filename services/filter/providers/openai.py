"""The "openai" moderation provider: the OpenAI moderation endpoint, window by window.

Only some of its categories block a horror short. Plain "violence" is the genre itself,
"harassment" fires on every "I will find you", and "self-harm" alone on every ghost's
backstory; what must not be published maps onto our taxonomy (docs/safety.md), so feedback
reads alike whoever found the problem. Inputs are the same sentence windows the offline judge
reads, so a flagged passage is quoted in its context.
"""

from collections.abc import Iterable
from functools import partial

from openai import AsyncOpenAI
from openai.types import ModerationCreateResponse

from services.filter.settings import GoreLevel, ModerationSettings
from shared.config import ConfigError
from shared.messages.story import Story
from shared.providers import CallPolicy, Kit, Malformed, Provider, openai_sdk
from shared.safety.offline.windows import windows
from shared.safety.policy import Finding
from shared.safety.sections import Section, story_sections

# OpenAI category -> ours (docs/safety.md). violence/graphic is torture only when the model is
# sure (a brief horror wound scores lower) and never when extreme gore is allowed.
BLOCKED = {
    "sexual/minors": "minors",
    "sexual": "sexual",
    "self-harm/instructions": "self-harm",
    "self-harm/intent": "self-harm",
    "hate": "hate",
    "hate/threatening": "hate",
    "illicit/violent": "violence-instructions",
    "violence/graphic": "torture",
}
GRAPHIC_SCORE = 0.8
BATCH = 32  # inputs per request: one request for a typical short, bounded for long ones


def _batches(items: list[Section]) -> Iterable[list[Section]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


class OpenAIModerationPolicy:
    name = "openai-moderation"

    def __init__(
        self,
        client: AsyncOpenAI,
        call: CallPolicy,
        *,
        model: str = "omni-moderation-latest",
        gore_level: GoreLevel = "moderate",
    ) -> None:
        self.client, self.call, self.model = client, call, model
        self.blocked = dict(BLOCKED)
        if gore_level == "extreme":
            del self.blocked["violence/graphic"]

    async def _moderate(self, texts: list[str]) -> ModerationCreateResponse:
        reply = await self.client.moderations.create(model=self.model, input=texts)
        if len(reply.results) != len(texts):
            raise Malformed(f"{len(reply.results)} results for {len(texts)} inputs")
        return reply

    async def check(self, story: Story) -> list[Finding]:
        return await self.judge_sections(story_sections(story))

    async def judge_sections(self, sections: list[Section]) -> list[Finding]:
        found = [Section(s.scene, w) for s in sections for w in windows(s.text)]
        unique = list({(p.scene, p.text): p for p in found}.values())
        findings: list[Finding] = []
        for batch in _batches(unique):
            reply = await self.call.run(
                partial(self._moderate, [p.text for p in batch]), openai_sdk.classify
            )
            for passage, result in zip(batch, reply.results, strict=True):
                flags = result.categories.model_dump(by_alias=True)
                scores = result.category_scores.model_dump(by_alias=True)
                on = [
                    self.blocked[c]
                    for c, hit in flags.items()
                    if hit
                    and c in self.blocked
                    and (c != "violence/graphic" or scores.get(c, 0.0) >= GRAPHIC_SCORE)
                ]
                for category in dict.fromkeys(on):  # hate and hate/threatening: one finding
                    score = max(
                        scores.get(c, 0.0) for c, ours in BLOCKED.items() if ours == category
                    )
                    findings.append(
                        Finding(category, passage.scene, passage.text, self.name, score)
                    )
        return findings


def make(settings: ModerationSettings, kit: Kit) -> OpenAIModerationPolicy:
    key = settings.moderation_key()
    if key is None:
        raise ConfigError(
            "GRIMREEL_MODERATION_POLICIES names openai, but no key for it is set: set "
            "GRIMREEL_MODERATION_API_KEY (GRIMREEL_OPENAI_API_KEY serves only when "
            "GRIMREEL_OPENAI_BASE_URL is unset)"
        )
    client = openai_sdk.make_client(key, settings.base_url, settings.timeout_s)
    return OpenAIModerationPolicy(
        client, kit.policy, model=settings.model, gore_level=settings.gore_level
    )


PROVIDER = Provider(
    kind="moderation",
    name="openai",
    settings=ModerationSettings,
    factory=make,
    summary="hosted: OpenAI's moderation endpoint (GRIMREEL_MODERATION_API_KEY)",
)
