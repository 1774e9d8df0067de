"""The "openai" moderation provider: the OpenAI moderation endpoint, sentence by sentence.

Only some of its categories block a horror short. Plain "violence" is the genre itself and
"harassment" fires on every "I will find you"; what must not be published maps onto the same
categories the offline policies use, so feedback reads alike whoever found the problem.
"""

from collections.abc import Iterable
from functools import partial

from openai import AsyncOpenAI
from openai.types import ModerationCreateResponse

from services.filter.engine.passages import Passage, passages
from services.filter.settings import GoreLevel, ModerationSettings
from shared.config import ConfigError
from shared.messages.story import Story
from shared.providers import CallPolicy, Kit, Malformed, Provider, openai_sdk
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


def _batches(items: list[Passage]) -> Iterable[list[Passage]]:
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
        allowed = {"gore"} if gore_level == "extreme" else set()
        self.blocked = {k: v for k, v in BLOCKED.items() if v not in allowed}

    async def _moderate(self, texts: list[str]) -> ModerationCreateResponse:
        reply = await self.client.moderations.create(model=self.model, input=texts)
        if len(reply.results) != len(texts):
            raise Malformed(f"{len(reply.results)} results for {len(texts)} inputs")
        return reply

    async def check(self, story: Story) -> list[Finding]:
        findings: list[Finding] = []
        for batch in _batches(passages(story)):
            reply = await self.call.run(
                partial(self._moderate, [p.text for p in batch]), openai_sdk.classify
            )
            for passage, result in zip(batch, reply.results, strict=True):
                flags = result.categories.model_dump(by_alias=True)
                on = [self.blocked[c] for c, hit in flags.items() if hit and c in self.blocked]
                for category in dict.fromkeys(on):  # hate and hate/threatening: one finding
                    findings.append(Finding(category, passage.scene, passage.text, self.name))
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
