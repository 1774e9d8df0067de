"""OpenAI images and Stability, each built through the provider registry and pointed at its
stub API."""

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

from services.visual.bootstrap import PROVIDERS as PACKAGE
from services.visual.painter import Painter
from shared.providers import CallPolicy, Kit, create
from tests.tts.stub_server import StubServer, json_answer, serving

PROVIDERS = ["openai", "stability"]
KEY = "test-key-123"
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


# generous: the stub answered in >1 s on a loaded 2-core machine; the timeout test sets its own
def policy(
    name: str, attempts: int = 3, timeout_s: float = 15.0, concurrency: int = 4
) -> CallPolicy:
    return CallPolicy(
        name, concurrency=concurrency, timeout_s=timeout_s, attempts=attempts, backoff_s=0.01
    )


ANSWERS = {"openai": (_openai_ok, _openai_broken), "stability": (_stability_ok, _stability_broken)}


@dataclass
class Hosted:
    stub: StubServer
    painter: Painter


def overrides(name: str, url: str) -> dict[str, object]:
    """Each provider's settings pointed at the stub (what its env variables would say)."""
    if name == "openai":
        return {"api_key": KEY, "image_base_url": f"{url}/v1"}
    return {"api_key": KEY, "base_url": url}


@asynccontextmanager
async def hosted(name: str, **policy_kw: float) -> AsyncIterator[Hosted]:
    ok, broken = ANSWERS[name]
    async with serving(StubServer(ok, broken)) as stub:
        kit = Kit(policy=policy(name, **policy_kw))  # type: ignore[arg-type]
        painter = create("image", name, PACKAGE, kit, Painter, overrides(name, stub.url))
        try:
            yield Hosted(stub, painter)
        finally:
            close = getattr(painter, "close", None)
            if close is not None:
                await close()
