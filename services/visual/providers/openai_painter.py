"""OpenAI images through its SDK: one portrait picture per scene, as base64 PNG.

GPT image models always answer with b64_json and reject response_format; older DALL-E models
need it asked for. OpenAI images take no seed: the seed still keys the cache, so a job asking
for the same seed gets the same picture back, but a new call may draw differently.
"""

import asyncio
import base64
import binascii

import openai

from services.visual.prompting import compose
from services.visual.providers.fit import fit_png
from shared.providers import CallPolicy, Malformed
from shared.providers.openai_sdk import classify


class OpenAIPainter:
    name = "openai"

    def __init__(
        self, client: openai.AsyncOpenAI, policy: CallPolicy, *, model: str, size: str = ""
    ) -> None:
        self.client, self.policy, self.model_id = client, policy, model
        legacy = model.startswith("dall-e")
        self.size = size or ("1024x1792" if legacy else "1024x1536")
        self.extra = {"response_format": "b64_json"} if legacy else {"output_format": "png"}
        self.model = f"{model}|{self.size}"  # for the cache key

    async def paint(
        self, prompt: str, *, style: str, mood: str, seed: int, width: int, height: int
    ) -> bytes:
        text = compose(prompt, style, mood)

        async def call() -> bytes:
            answer = await self.client.images.generate(
                model=self.model_id, prompt=text, size=self.size, n=1, **self.extra
            )
            data = getattr(answer, "data", None) or []
            encoded = getattr(data[0], "b64_json", None) if data else None
            if not isinstance(encoded, str):
                raise Malformed("no b64_json picture in the answer")
            try:
                raw = base64.b64decode(encoded, validate=True)
            except binascii.Error:
                raise Malformed("b64_json is not base64") from None
            return await asyncio.to_thread(fit_png, raw, width, height)

        return await self.policy.run(call, classify)
