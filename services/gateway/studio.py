"""The web studio: its page, modules and style sheet (package data in ./studio), served at ``/``
and ``/studio/...`` under a CSP of their own, and GET /studio/config, which tells the page how
to sign in and what a job may ask for.

The files are read once when the app is built and answered from memory with an ETag: a page
load is a few dict lookups, and no request path ever reaches the file system.
"""

import hashlib
import typing
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from pydantic import Field

from services.gateway.resources import gateway
from services.gateway.views import View, dump
from shared import profiles, topology
from shared.messages.job import CaptionStyleName, JobSpec, Tone

FOLDER = Path(__file__).resolve().parent / "studio"
TYPES = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
}
ASSET = "/studio/{name:[a-z0-9_-]{1,64}\\.(?:js|css|svg|html)}"
# The page's own policy (the API's is default-src 'none'): its scripts, styles and fetches come
# from this origin only, no inline script or style; a video or picture may also be a blob: URL,
# because the page fetches results with its bearer token and plays them from memory.
CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "img-src 'self' blob:",
        "media-src 'self' blob:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
PAGE_HEADERS = {"Content-Security-Policy": CSP, "Cache-Control": "no-cache"}


@dataclass(frozen=True)
class Asset:
    body: bytes
    content_type: str
    etag: str


ASSETS = web.AppKey("studio_assets", dict[str, Asset])


def load_assets(folder: Path = FOLDER) -> dict[str, Asset]:
    out: dict[str, Asset] = {}
    for path in sorted(folder.iterdir()):
        kind = TYPES.get(path.suffix)
        if kind is None or not path.is_file():
            continue
        body = path.read_bytes()
        out[path.name] = Asset(body, kind, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
    return out


def _answer(request: web.Request, name: str) -> web.Response:
    asset = request.app[ASSETS].get(name)
    if asset is None:
        raise web.HTTPNotFound()
    headers = {**PAGE_HEADERS, "ETag": asset.etag}
    # "no-cache" + ETag: the browser keeps a copy but asks each time, so a new release is seen
    # at once and an unchanged file costs a 304.
    if request.headers.get("If-None-Match") == asset.etag:
        return web.Response(status=304, headers=headers)
    return web.Response(body=asset.body, content_type=asset.content_type, headers=headers)


async def page(request: web.Request) -> web.Response:
    return _answer(request, "index.html")


async def asset(request: web.Request) -> web.Response:
    return _answer(request, request.match_info["name"])


class Choices(View):
    voice: list[str] = Field(description="Voices the configured voice provider offers.")
    music: list[str] = Field(description="Music tracks the renderer offers; empty: none named.")
    language: list[str] = Field(description="Languages; a trailing * allows any subtag.")
    tone: list[str]
    caption_style: list[str]
    profile: list[str] = Field(description="Channel profiles (GRIMREEL_PROFILES_FILE).")


class Features(View):
    approval: bool = Field(description="Jobs may pause for review (POST /jobs/{id}/approve).")
    preview: bool = Field(description="Jobs may ask for a low-resolution draft render.")
    redo: bool = Field(description="A finished job's scene may be redone (POST .../redo).")


class StageBand(View):
    stage: str
    progress: tuple[float, float] = Field(description="The slice of the job's percent it fills.")
    per_scene: bool = Field(description="It runs once per scene (its bar counts scenes).")


class StudioConfig(View):
    auth: typing.Literal["jwt", "disabled"] = Field(
        description="jwt: paste a token; disabled: the gateway runs without auth (dev mode)."
    )
    duration_s: dict[str, int] = Field(description="min, max and default of duration_s.")
    choices: Choices
    features: Features
    stages: list[StageBand] = Field(description="The pipeline's stages in order (its bars).")


def _bounds() -> dict[str, int]:
    info = JobSpec.model_fields["duration_s"]
    low = next(m.ge for m in info.metadata if hasattr(m, "ge"))
    high = next(m.le for m in info.metadata if hasattr(m, "le"))
    return {"min": int(low), "max": int(high), "default": int(info.default)}


def _has_route(app: web.Application, suffix: str) -> bool:
    return any(r.canonical.endswith(suffix) for r in app.router.resources())


async def config(request: web.Request) -> web.Response:
    gw = gateway(request)
    offered: dict[str, list[str]] = {}
    for o in gw.offered:
        offered.setdefault(o.field, []).extend(o.allowed)
    fields = JobSpec.model_fields
    per_scene = topology.ROUTES[topology.JOIN.fed_by].stages
    body = StudioConfig(
        auth="disabled" if gw.settings.auth_disabled else "jwt",
        duration_s=_bounds(),
        choices=Choices(
            voice=offered.get("voice", ["default"]),
            music=offered.get("music", []),
            language=offered.get("language", ["en"]),
            tone=list(typing.get_args(Tone)),
            caption_style=list(typing.get_args(CaptionStyleName)),
            profile=sorted(profiles.configured()),
        ),
        features=Features(
            approval="approval" in fields and _has_route(request.app, "/approve"),
            preview="preview" in fields,
            redo=_has_route(request.app, "/redo"),
        ),
        stages=[
            StageBand(stage=s, progress=topology.progress_band(s), per_scene=s in per_scene)
            for s in topology.stages()
        ],
    )
    return web.json_response(dump(body))


def install(app: web.Application) -> None:
    app[ASSETS] = load_assets()
    r = app.router
    r.add_get("/", page, name="studio_root")
    r.add_get("/studio/", page, name="studio_page")
    r.add_get("/studio/config", config, name="studio_config")
    r.add_get(ASSET, asset, name="studio_asset")
