"""OpenAI images through its SDK: one portrait picture per scene, as base64 PNG.

Settings keep the names users have: GRIMREEL_OPENAI_API_KEY (or GRIMREEL_OPENAI_IMAGE_API_KEY,
which wins when both are set), GRIMREEL_OPENAI_IMAGE_BASE_URL, GRIMREEL_OPENAI_IMAGE_MODEL.

GPT image models always answer with b64_json and reject response_format; older DALL-E models
need it asked for. OpenAI images take no seed: the seed still keys the cache, so a job asking
for the same seed gets the same picture back, but a new call may draw differently.
"""

import asyncio
import base64
import binascii
from typing import Any, Literal

import openai
from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.visual.fit import fit_png
from services.visual.painter import SINGLE, Job
from services.visual.prompting import compose
from shared.providers import CallPolicy, Kit, Malformed, Provider, http_url
from shared.providers.openai_sdk import classify, make_client


class OpenAIImageSettings(BaseSettings):
    # The prefix is the shared OpenAI one so the key keeps its name; image knobs say "image_".
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_OPENAI_", extra="ignore")

    api_key: SecretStr
    image_api_key: SecretStr | None = None  # a key for images only
    image_base_url: str | None = None  # None: the SDK's default endpoint
    image_model: str = "gpt-image-2"

    @model_validator(mode="before")
    @staticmethod
    def _image_key_wins(data: Any) -> Any:
        if isinstance(data, dict) and data.get("image_api_key"):
            data = {**data, "api_key": data["image_api_key"]}
        return data

    _url = field_validator("image_base_url")(staticmethod(http_url))


class OpenAIPainter:
    name = "openai"
    sends_prompts = True

    def __init__(
        self, client: openai.AsyncOpenAI, policy: CallPolicy, *, model: str, size: str = ""
    ) -> None:
        self.client, self.policy, self.model_id = client, policy, model
        legacy = model.startswith("dall-e")
        self.size = size or ("1024x1792" if legacy else "1024x1536")
        # GPT image models answer in b64_json and reject response_format; DALL-E needs it.
        self.response_format: Literal["b64_json"] | None = "b64_json" if legacy else None
        self.output_format: Literal["png"] | None = None if legacy else "png"
        self.model = f"{model}|{self.size}"  # for the cache key

    async def paint(
        self, prompt: str, *, style: str, mood: str, seed: int, width: int, height: int,
        job: Job = SINGLE,
    ) -> bytes:  # fmt: skip
        # One picture per prompt: where it sits in the job does not change it.
        text = compose(prompt, style, mood)

        async def call() -> bytes:
            answer = await self.client.images.generate(
                model=self.model_id,
                prompt=text,
                size=self.size,
                n=1,
                response_format=self.response_format or openai.omit,
                output_format=self.output_format or openai.omit,
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


def build(settings: OpenAIImageSettings, kit: Kit) -> OpenAIPainter:
    key = settings.api_key.get_secret_value()
    client = make_client(key, settings.image_base_url, kit.policy.timeout_s)
    return OpenAIPainter(client, kit.policy, model=settings.image_model)


PROVIDER = Provider(
    kind="image",
    name="openai",
    settings=OpenAIImageSettings,
    factory=build,
    summary="OpenAI images (gpt-image-2 by default; DALL-E too) through the openai SDK",
)
