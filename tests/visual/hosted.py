"""OpenAI images and Stability, each built on its client and pointed at its stub API."""

import base64
import email.parser
import email.policy
import io
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import numpy as np
from aiohttp import web
from PIL import Image

from services.visual.painter import Painter
from services.visual.providers.openai_painter import OpenAIPainter
from services.visual.providers.stability import StabilityPainter
from shared.providers.openai_sdk import make_client
from tests.tts.hosted import KEY, policy
from tests.tts.stub_server import StubServer, json_answer, serving

PROVIDERS = ["openai", "stability"]
FILTERED = "FILTER-ME"  # a prompt holding this comes back CONTENT_FILTERED from the stub


def picture(width: int, height: int) -> bytes:
    """A left-to-right red-to-blue ramp: where a crop cut is visible in the colours."""
    ramp = np.linspace(0, 255, width, dtype=np.float32)
    rgb = np.zeros((height, width, 3), np.uint8)
    rgb[..., 0], rgb[..., 2], rgb[..., 1] = 255 - ramp, ramp, 40
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="PNG")
    return buf.getvalue()


def form_fields(request: web.Request, body: bytes) -> dict[str, str]:
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    msg = email.parser.BytesParser(policy=email.policy.default).parsebytes(head + body)
    return {
        part.get_param("name", header="content-disposition"): part.get_content()
        for part in msg.iter_parts()
    }


async def _openai_ok(request: web.Request, body: bytes) -> web.Response:
    w, h = (int(v) for v in json.loads(body)["size"].split("x"))
    return json_answer(
        {"created": 1, "data": [{"b64_json": base64.b64encode(picture(w, h)).decode()}]}
    )


async def _openai_broken(request: web.Request, body: bytes) -> web.Response:
    return json_answer({"created": 1, "data": [{"b64_json": base64.b64encode(b"no png").decode()}]})


async def _stability_ok(request: web.Request, body: bytes) -> web.Response:
    fields = form_fields(request, body)
    reason = "CONTENT_FILTERED" if FILTERED in fields["prompt"] else "SUCCESS"
    image = base64.b64encode(picture(768, 1344)).decode()
    return json_answer({"image": image, "finish_reason": reason, "seed": int(fields["seed"])})


async def _stability_broken(request: web.Request, body: bytes) -> web.Response:
    return json_answer({"finish_reason": "SUCCESS", "seed": 1})


ANSWERS = {"openai": (_openai_ok, _openai_broken), "stability": (_stability_ok, _stability_broken)}


@dataclass
class Hosted:
    stub: StubServer
    painter: Painter


@asynccontextmanager
async def hosted(name: str, **policy_kw: float) -> AsyncIterator[Hosted]:
    ok, broken = ANSWERS[name]
    async with serving(StubServer(ok, broken)) as stub:
        pol = policy(name, **policy_kw)  # type: ignore[arg-type]
        if name == "openai":
            client = make_client(KEY, f"{stub.url}/v1", pol.timeout_s)
            yield Hosted(stub, OpenAIPainter(client, pol, model="gpt-image-2"))
            return
        painter = StabilityPainter(KEY, pol, base_url=stub.url, model="core")
        try:
            yield Hosted(stub, painter)
        finally:
            await painter.close()
