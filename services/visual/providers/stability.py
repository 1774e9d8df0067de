"""Stability AI's Stable Image REST API (v2beta) over aiohttp: one 9:16 picture per scene.

POST /v2beta/stable-image/generate/{core|ultra|sd3} as multipart form, asking for JSON so the
answer carries finish_reason: CONTENT_FILTERED is the provider refusing the picture, which no
retry changes. Portrait 9:16 comes back near 768x1344 and is scaled to cover the frame.

Settings: GRIMREEL_STABILITY_API_KEY (required), GRIMREEL_STABILITY_BASE_URL,
GRIMREEL_STABILITY_MODEL ("core", "ultra" or an sd3 model such as "sd3.5-large").
"""

import asyncio
import base64
import binascii
from typing import Any

import aiohttp
from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.visual.fit import fit_png
from services.visual.painter import SINGLE, Job
from services.visual.prompting import compose
from services.visual.rest import classify, json_object
from shared.providers import CallPolicy, Kit, Malformed, Provider, ProviderRefused, http_url


class StabilitySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_STABILITY_", extra="ignore")

    api_key: SecretStr
    base_url: str = "https://api.stability.ai"
    model: str = "core"

    _url = field_validator("base_url")(staticmethod(http_url))


NEGATIVE = "text, letters, watermark, logo, cartoon, bright colours, cheerful"


class StabilityPainter:
    name = "stability"
    sends_prompts = True

    def __init__(self, api_key: str, policy: CallPolicy, *, base_url: str, model: str) -> None:
        self.policy, self.model = policy, model
        self._key, self._base = api_key, base_url.rstrip("/")
        self._session: aiohttp.ClientSession | None = None

    def _url(self) -> str:
        endpoint = "sd3" if self.model.startswith("sd3") else self.model
        return f"{self._base}/v2beta/stable-image/generate/{endpoint}"

    async def paint(
        self, prompt: str, *, style: str, mood: str, seed: int, width: int, height: int,
        job: Job = SINGLE,
    ) -> bytes:  # fmt: skip
        # One picture per prompt: where it sits in the job does not change it.
        form: dict[str, str] = {
            "prompt": compose(prompt, style, mood),
            "negative_prompt": NEGATIVE,
            "aspect_ratio": "9:16",
            "seed": str(seed % 4_294_967_294),  # the API's seed range stops one short of 2**32-1
            "output_format": "png",
        }
        if self.model.startswith("sd3"):
            form["model"] = self.model

        async def call() -> bytes:
            answer = await self._post(form)
            reason = answer.get("finish_reason")
            if reason == "CONTENT_FILTERED":
                raise ProviderRefused("stability: the picture was filtered by the provider")
            encoded = answer.get("image")
            if not isinstance(encoded, str):
                raise Malformed(f"no image in the answer (finish_reason {reason!r})")
            try:
                raw = base64.b64decode(encoded, validate=True)
            except binascii.Error:
                raise Malformed("image is not base64") from None
            return await asyncio.to_thread(fit_png, raw, width, height)

        return await self.policy.run(call, classify)

    async def _post(self, fields: dict[str, str]) -> dict[str, Any]:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        form = aiohttp.FormData(default_to_multipart=True)  # the API takes multipart only
        for k, v in fields.items():
            form.add_field(k, v)
        headers = {"Authorization": f"Bearer {self._key}", "Accept": "application/json"}
        async with self._session.post(self._url(), data=form, headers=headers) as r:
            return await json_object(r)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def build(settings: StabilitySettings, kit: Kit) -> StabilityPainter:
    return StabilityPainter(
        settings.api_key.get_secret_value(),
        kit.policy,
        base_url=settings.base_url,
        model=settings.model,
    )


PROVIDER = Provider(
    kind="image",
    name="stability",
    settings=StabilitySettings,
    factory=build,
    summary="Stability AI Stable Image (core, ultra, sd3) over its REST API",
)
