"""Pexels through the provider registry against a local stub of its API (search + image host)."""

import io
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import numpy as np
import pytest
import structlog.testing
from aiohttp import web
from PIL import Image

from services.visual.bootstrap import PROVIDERS, make_painter
from services.visual.painter import Painter
from services.visual.prompting import ScreenedPainter
from services.visual.settings import ImageSettings
from shared.config import ConfigError, Settings
from shared.providers import CallPolicy, Kit, ProviderRefused, ProviderUnavailable, create

KEY = "pexels-test-key"
PROMPT = "a lighthouse on a cliff above a black sea"
STYLE = "grainy 35mm film still, cold moonlight"
COLOURS = [(200, 40, 40), (40, 200, 40), (40, 40, 200), (220, 220, 60)]  # one per photo


def photo_png(colour: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (470, 650), colour).save(buf, format="PNG")  # large2x-like, portrait
    return buf.getvalue()


@dataclass
class PexelsStub:
    """Speaks GET /v1/search and serves each photo's bytes; ``script`` scripts the searches."""

    script: list[str] = field(default_factory=list)  # "429", "401", "empty", "garbage", "ok"
    empty_for: set[str] = field(default_factory=set)  # queries with no results
    searches: list[web.Request] = field(default_factory=list)
    downloads: list[web.Request] = field(default_factory=list)
    url: str = ""

    async def search(self, request: web.Request) -> web.Response:
        self.searches.append(request)
        mode = self.script.pop(0) if self.script else "ok"
        if mode == "429":
            return web.json_response(
                {"error": "slow down"}, status=429, headers={"Retry-After": "0.3"}
            )
        if mode == "401":
            return web.json_response({"error": "bad key"}, status=401)
        if mode == "garbage":
            return web.Response(text="{not json", content_type="application/json")
        if mode == "empty" or request.query["query"] in self.empty_for:
            return web.json_response({"photos": [], "total_results": 0})
        photos = [
            {
                "id": 100 + i,
                "width": 470,
                "height": 650,
                "photographer": f"Photographer {i}",
                "url": f"https://www.pexels.com/photo/{100 + i}/",
                "src": {
                    "original": f"{self.url}/photos/{i}/original.png",
                    "large2x": f"{self.url}/photos/{i}/large2x.png",
                    "portrait": f"{self.url}/photos/{i}/portrait.png",
                },
            }
            for i in range(len(COLOURS))
        ]
        return web.json_response({"photos": photos, "total_results": len(photos)})

    async def image(self, request: web.Request) -> web.Response:
        self.downloads.append(request)
        return web.Response(
            body=photo_png(COLOURS[int(request.match_info["i"])]), content_type="image/png"
        )


@asynccontextmanager
async def pexels(attempts: int = 3) -> AsyncIterator[tuple[PexelsStub, Painter]]:
    stub = PexelsStub()
    app = web.Application()
    app.router.add_get("/v1/search", stub.search)
    app.router.add_get("/photos/{i}/{size}.png", stub.image)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    stub.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
    policy = CallPolicy("pexels", timeout_s=10.0, attempts=attempts, backoff_s=0.01)
    overrides = {"api_key": KEY, "base_url": stub.url}
    painter = create("image", "pexels", PROVIDERS, Kit(policy=policy), Painter, overrides=overrides)
    try:
        yield stub, painter
    finally:
        await painter.close()  # type: ignore[attr-defined]
        await runner.cleanup()


async def paint(painter: Painter, prompt: str = PROMPT, seed: int = 1, size=(270, 480)) -> bytes:
    return await painter.paint(
        prompt, style=STYLE, mood="dread", seed=seed, width=size[0], height=size[1]
    )


def rgb(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.float32)


async def test_the_search_asks_for_the_prompts_nouns_in_portrait_with_the_key() -> None:
    async with pexels() as (stub, painter):
        await paint(painter)
    (search,) = stub.searches
    assert search.headers["Authorization"] == KEY
    assert dict(search.query) == {
        "query": "lighthouse cliff sea",
        "orientation": "portrait",
        "size": "large",
        "per_page": "15",
        "page": "1",
    }
    (download,) = stub.downloads
    assert download.path.endswith("/large2x.png")
    assert "Authorization" not in download.headers, "the key is for the API, not the image host"


async def test_the_photo_is_a_dark_desaturated_png_covering_the_frame() -> None:
    async with pexels() as (stub, painter):
        png = await paint(painter, seed=0, size=(1080, 1920))  # seed 0: the red photo
    img = Image.open(io.BytesIO(png))
    assert (img.format, img.size, img.mode) == ("PNG", (1080, 1920), "RGB")
    px = rgb(png)
    centre = px[900:1000, 500:600].mean(axis=(0, 1))
    assert centre[0] < 200 * 0.75, "darker than the photo"
    assert centre[0] - centre[1] < (200 - 40) * 0.5, "most of the colour is gone"
    assert px[:40, :40].mean() < centre.mean() * 0.6, "the corners are vignetted"


async def test_the_seed_picks_the_photo_and_the_same_arguments_give_the_same_bytes() -> None:
    async with pexels() as (stub, painter):
        a, again = await paint(painter, seed=6), await paint(painter, seed=6)
        other = await paint(painter, seed=7)
    assert a == again
    assert [d.match_info["i"] for d in stub.downloads] == ["2", "2", "3"]  # seed % 4 photos
    assert a != other


async def test_the_photographer_is_credited_in_the_log() -> None:
    async with pexels() as (stub, painter):
        with structlog.testing.capture_logs() as logs:
            await paint(painter, seed=5)
    (line,) = [e for e in logs if e["event"] == "pexels.photo"]
    assert (line["id"], line["photographer"]) == (101, "Photographer 1")
    assert line["url"] == "https://www.pexels.com/photo/101/"


async def test_429_waits_for_retry_after_then_succeeds() -> None:
    async with pexels() as (stub, painter):
        stub.script = ["429"]
        t0 = time.perf_counter()
        png = await paint(painter)
        assert time.perf_counter() - t0 >= 0.3
    assert len(stub.searches) == 2 and Image.open(io.BytesIO(png)).size == (270, 480)


async def test_a_bad_key_is_refused_without_retry() -> None:
    async with pexels() as (stub, painter):
        stub.script = ["401"]
        with pytest.raises(ProviderRefused, match="pexels: HTTP 401"):
            await paint(painter)
    assert len(stub.searches) == 1 and not stub.downloads


async def test_a_garbled_answer_is_retried_then_reported() -> None:
    async with pexels(attempts=2) as (stub, painter):
        stub.script = ["garbage", "garbage"]
        with pytest.raises(ProviderUnavailable, match=r"not JSON.*after 2 attempts"):
            await paint(painter)


async def test_no_results_retries_with_fewer_words_then_refuses_naming_the_queries() -> None:
    async with pexels() as (stub, painter):
        stub.empty_for = {"lighthouse cliff sea"}
        await paint(painter)
        assert [s.query["query"] for s in stub.searches] == [
            "lighthouse cliff sea",
            "lighthouse cliff",
        ]
        stub.searches.clear()
        stub.script = ["empty"] * 3
        with pytest.raises(
            ProviderRefused, match=r"no photo for 'lighthouse cliff sea' / .* / 'lighthouse'"
        ):
            await paint(painter)
    assert len(stub.searches) == 3


async def test_a_prompt_of_style_words_only_is_refused_before_any_call() -> None:
    async with pexels() as (stub, painter):
        with pytest.raises(ProviderRefused, match="nothing to search for"):
            await paint(painter, prompt="a grainy, cinematic, eerie shot")
    assert not stub.searches


def test_the_bootstrap_finds_it_by_name_and_screens_its_prompts(monkeypatch) -> None:
    monkeypatch.setenv("GRIMREEL_PEXELS_API_KEY", KEY)
    painter = make_painter(
        Settings(cache_enabled=False), image_settings=ImageSettings(provider="pexels")
    )
    assert isinstance(painter, ScreenedPainter) and painter.inner.name == "pexels"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "GRIMREEL_PEXELS_API_KEY: Field required"),
        (
            {"GRIMREEL_PEXELS_API_KEY": KEY, "GRIMREEL_PEXELS_BASE_URL": "ftp://x"},
            "GRIMREEL_PEXELS_BASE_URL",
        ),
    ],
)
def test_a_missing_key_or_bad_url_names_the_env_variable(monkeypatch, env, message) -> None:
    monkeypatch.delenv("GRIMREEL_PEXELS_API_KEY", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        make_painter(Settings(), image_settings=ImageSettings(provider="pexels"))
