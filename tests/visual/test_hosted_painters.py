"""OpenAI images (real SDK) and Stability (REST over aiohttp) against stub APIs on loopback."""

import asyncio
import io
import json
import time

import numpy as np
import pytest
from PIL import Image

from shared.providers import ProviderRefused, ProviderUnavailable
from tests.visual.hosted import FILTERED, KEY, PROVIDERS, form_fields, hosted

STYLE = "grainy 35mm film still, cold moonlight"
PROMPT = "a lighthouse on a cliff above a black sea"


async def paint(painter, prompt: str = PROMPT, seed: int = 7) -> bytes:
    return await painter.paint(
        prompt, style=STYLE, mood="dread", seed=seed, width=1080, height=1920
    )


@pytest.mark.parametrize("name", PROVIDERS)
async def test_the_picture_is_a_png_covering_1080x1920(name) -> None:
    async with hosted(name) as h:
        png = await paint(h.painter)
    img = Image.open(io.BytesIO(png))
    assert (img.format, img.size, img.mode) == ("PNG", (1080, 1920), "RGB")
    rgb = np.asarray(img, dtype=np.float32)
    # scaled to cover, not letterboxed: the edges hold picture, and the ramp is cut evenly
    assert rgb[:, 0, 0].mean() > 200 and rgb[:, -1, 2].mean() > 200 and rgb[0].mean() > 50
    left_red, right_blue = rgb[:, 0, 0].mean(), rgb[:, -1, 2].mean()
    assert abs(left_red - right_blue) < 3, "the overflow is cut equally from both sides"


async def test_openai_request_carries_model_size_and_the_composed_prompt() -> None:
    async with hosted("openai") as h:
        await paint(h.painter)
    seen = h.stub.seen[0]
    assert seen.path == "/v1/images/generations"
    assert seen.headers["Authorization"] == f"Bearer {KEY}"
    body = json.loads(seen.body)
    assert (body["model"], body["size"], body["n"]) == ("gpt-image-2", "1024x1536", 1)
    assert PROMPT in body["prompt"] and STYLE in body["prompt"] and "dread" in body["prompt"]
    assert "response_format" not in body, "GPT image models reject it"


async def test_stability_request_is_a_9_16_form_with_the_seed() -> None:
    async with hosted("stability") as h:
        await paint(h.painter, seed=123456)
    seen = h.stub.seen[0]
    assert seen.path == "/v2beta/stable-image/generate/core"
    assert seen.headers["Authorization"] == f"Bearer {KEY}"
    assert seen.headers["Accept"] == "application/json"

    class Req:
        headers = seen.headers

    fields = form_fields(Req, seen.body)  # type: ignore[arg-type]
    assert (fields["aspect_ratio"], fields["seed"], fields["output_format"]) == (
        "9:16",
        "123456",
        "png",
    )
    assert PROMPT in fields["prompt"] and STYLE in fields["prompt"]


async def test_stability_content_filter_is_a_refusal_without_retry() -> None:
    async with hosted("stability") as h:
        with pytest.raises(ProviderRefused, match="filtered"):
            await paint(h.painter, prompt=f"a door {FILTERED}")
    assert h.stub.calls == 1


@pytest.mark.parametrize("name", PROVIDERS)
async def test_429_waits_for_retry_after(name) -> None:
    async with hosted(name) as h:
        h.stub.script = ["429"]
        t0 = time.perf_counter()
        await paint(h.painter)
        assert time.perf_counter() - t0 >= 0.95 and h.stub.calls == 2


@pytest.mark.parametrize("name", PROVIDERS)
async def test_500s_are_retried_then_given_up_with_the_reason(name) -> None:
    async with hosted(name, attempts=3) as h:
        h.stub.script = ["500", "500"]
        await paint(h.painter)
        assert h.stub.calls == 3
        h.stub.script = ["500"] * 3
        with pytest.raises(ProviderUnavailable, match=r"HTTP 500.*after 3 attempts"):
            await paint(h.painter, seed=8)
        assert h.stub.calls == 6


@pytest.mark.parametrize("name", PROVIDERS)
async def test_a_stalled_call_times_out_and_is_retried(name) -> None:
    # The timeout covers decoding and scaling the picture (~0.7 s on a busy 2-core machine).
    async with hosted(name, timeout_s=2.0) as h:
        h.stub.stall_s = 30.0
        h.stub.script = ["timeout"]
        t0 = time.perf_counter()
        await paint(h.painter)
        assert time.perf_counter() - t0 < 10.0 and h.stub.calls == 2


@pytest.mark.parametrize("name", PROVIDERS)
@pytest.mark.parametrize("mode", ["garbage", "broken"])
async def test_a_malformed_answer_is_retried_then_reported(name, mode) -> None:
    async with hosted(name, attempts=2) as h:
        h.stub.script = [mode]
        await paint(h.painter)
        assert h.stub.calls == 2
        h.stub.script = [mode, mode]
        with pytest.raises(ProviderUnavailable, match="after 2 attempts"):
            await paint(h.painter, seed=9)


@pytest.mark.parametrize("name", PROVIDERS)
async def test_a_refusal_is_not_retried(name) -> None:
    async with hosted(name) as h:
        h.stub.script = ["400"]
        with pytest.raises(ProviderRefused, match="HTTP 400"):
            await paint(h.painter)
    assert h.stub.calls == 1


@pytest.mark.parametrize("name", PROVIDERS)
async def test_calls_in_flight_never_exceed_the_provider_limit(name) -> None:
    async with hosted(name, concurrency=2, timeout_s=10.0) as h:
        h.stub.delay_s = 0.6  # long enough that calls overlap even on a busy machine
        await asyncio.gather(*(paint(h.painter, seed=s) for s in range(5)))
    assert h.stub.calls == 5 and h.stub.peak == 2
