"""Pexels stock photos as scene stills: searched by the prompt's nouns, graded dark for horror.

GET /v1/search with the salient words of the scene's image prompt (style words dropped: a stock
search for "grainy 35mm film still" finds cameras), portrait photos only; the seed picks one of
the first page's results, so the same arguments give the same photo while Pexels returns the
same results (and the content cache keeps it after). Style and mood are not searched for: the
grading gives the look. No results: the search is repeated with
fewer words (four, two, one), then the scene is refused, naming the queries tried. The photo
(src.large2x, at most 1300 px tall for a portrait, so it is scaled up a little) is cut to the
frame, desaturated, darkened, tinted cold and vignetted. The API key goes to the API only,
never to the image host. Pexels asks for credit: photographer and page are logged per photo.

Settings: GRIMREEL_PEXELS_API_KEY (required), GRIMREEL_PEXELS_BASE_URL.

Over 150 lines because of the word lists that turn a prompt into a search; the code is short.
"""

import asyncio
import io
import re
from functools import partial
from typing import Any

import aiohttp
import structlog
from PIL import Image, ImageEnhance
from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.visual.fit import fit_png
from services.visual.painter import SINGLE, Job
from services.visual.rest import body, classify, json_object
from shared.providers import CallPolicy, Kit, Malformed, Provider, ProviderRefused, http_url

log = structlog.get_logger("visual")

# Words that describe the look, the framing or the feeling rather than what is in the picture.
STYLE_WORDS = """
    cinematic photo photograph photographic photorealistic realistic film still grainy shot
    close closeup wide angle lens lighting lit light moody eerie creepy dark darkness ominous
    horror scary spooky sinister vintage style frame vertical portrait detailed black white
    muted cold deep shadows shadowy faint dim soft hard harsh foggy misty old long empty
    lone lonely single distant small large tall huge strange
"""
# Words that carry no subject: articles, prepositions, pronouns, places within the frame.
STOP_WORDS = """
    the and with without behind above below under over into onto through from for its his her
    their our are was were been being has have had one two three some any all that this these
    those who which where when while there here left right just only very about around near
    across along toward towards against between beside inside outside out off down
    end edge side top bottom middle front back
"""
# Words in -ing that name a thing, not an action (the rest are dropped as verbs).
THING_WORDS = "building ceiling clearing clothing evening landing morning painting railing wedding"
SKIP = set(STYLE_WORDS.split()) | set(STOP_WORDS.split())
THINGS = set(THING_WORDS.split())
WORD = re.compile(r"[a-z]+")
SEARCH = {"orientation": "portrait", "size": "large", "per_page": "15", "page": "1"}


def search_words(prompt: str) -> list[str]:
    words: list[str] = []
    for w in WORD.findall(prompt.lower()):
        verb = w.endswith("ing") and w not in THINGS
        if len(w) > 2 and w not in SKIP and not verb and w not in words:
            words.append(w)
    return words


def queries(prompt: str) -> list[str]:
    """Searches to try in turn: the first four salient words, then two, then one."""
    words = search_words(prompt)
    if not words:
        raise ProviderRefused(f"pexels: nothing to search for in the image prompt {prompt!r}")
    return list(dict.fromkeys(" ".join(words[:n]) for n in (4, 2, 1)))


def grade(raw: bytes, width: int, height: int) -> bytes:
    """The photo cut to the frame, then made to look like the rest of the film: cold and dim."""
    img = Image.open(io.BytesIO(fit_png(raw, width, height))).convert("RGB")
    img = ImageEnhance.Color(img).enhance(0.35)
    img = ImageEnhance.Contrast(img).enhance(1.15)
    img = ImageEnhance.Brightness(img).enhance(0.6)
    tint = [round(v * k) for k in (0.88, 0.96, 1.04) for v in range(256)]
    img = img.point([min(v, 255) for v in tint])
    edge = Image.radial_gradient("L").resize((width, height), Image.Resampling.BILINEAR)
    darken = edge.point(lambda v: max(0, min(255, round((v - 110) * 1.5))))
    img = Image.composite(Image.new("RGB", img.size), img, darken)
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=3)
    return buf.getvalue()


class PexelsPainter:
    name = "pexels"
    model = "search-v1"  # bump when the query words or the grading change
    sends_prompts = True  # the search words leave the machine

    def __init__(self, api_key: str, policy: CallPolicy, *, base_url: str) -> None:
        self.policy, self._key, self._base = policy, api_key, base_url
        self._session: aiohttp.ClientSession | None = None

    async def paint(
        self, prompt: str, *, style: str, mood: str, seed: int, width: int, height: int,
        job: Job = SINGLE,
    ) -> bytes:  # fmt: skip
        # One picture per prompt: where it sits in the job does not change it.
        tried = queries(prompt)
        for query in tried:
            photos = await self.policy.run(partial(self._search, query), classify)
            if photos:
                break
        else:
            raise ProviderRefused(f"pexels: no photo for {' / '.join(map(repr, tried))}")
        photo = photos[seed % len(photos)]
        credit = {k: photo.get(k) for k in ("id", "photographer", "url")}  # Pexels asks for it
        log.info("pexels.photo", query=query, **credit)
        src = photo["src"]
        raw = await self.policy.run(lambda: self._download(src), classify)
        return await asyncio.to_thread(grade, raw, width, height)

    async def _search(self, query: str) -> list[dict[str, Any]]:
        params, headers = {"query": query, **SEARCH}, {"Authorization": self._key}
        async with self._open().get(f"{self._base}/v1/search", params=params, headers=headers) as r:
            doc = await json_object(r)
        photos = doc.get("photos")
        if not isinstance(photos, list):
            raise Malformed("no photos list in the search answer")
        return [p for p in photos if isinstance(p, dict) and _image_url(p.get("src"))]

    async def _download(self, src: dict[str, Any]) -> bytes:
        url = _image_url(src)
        assert url is not None  # only photos with one are kept
        async with self._open().get(url) as r:
            return await body(r)

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _image_url(src: object) -> str | None:
    if not isinstance(src, dict):
        return None
    url = src.get("large2x") or src.get("original")
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


class PexelsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_PEXELS_", extra="ignore")

    api_key: SecretStr
    base_url: str = "https://api.pexels.com"

    _url = field_validator("base_url")(staticmethod(http_url))


def build(settings: PexelsSettings, kit: Kit) -> PexelsPainter:
    return PexelsPainter(
        settings.api_key.get_secret_value(), kit.policy, base_url=settings.base_url
    )


PROVIDER = Provider(
    kind="image",
    name="pexels",
    settings=PexelsSettings,
    factory=build,
    summary="Pexels stock photos found by the prompt's nouns, graded dark (credit in the log)",
)
