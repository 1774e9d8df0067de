"""The studio's HTTP side: its page and files under their own CSP, GET /studio/config, a job's
files to its owner only. (The page itself is driven in a browser in tests/studio.)"""

import fnmatch
import re
import tomllib
from pathlib import Path

from services.gateway.studio import CSP, FOLDER
from shared import lifecycle, topology
from shared.storage import keys
from tests.gateway.conftest import auth, submit, user

ROOT = Path(__file__).resolve().parents[2]


async def test_the_page_and_its_files_are_served_without_a_token_under_the_studio_csp(
    gateway,
) -> None:
    gw = await gateway(memory=True)
    r = await gw.client.get("/")
    html = await r.text()
    assert r.status == 200 and r.content_type == "text/html"
    assert r.headers["Content-Security-Policy"] == CSP
    assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP
    assert r.headers["X-Frame-Options"] == "DENY"  # the gateway's other headers still apply
    referenced = re.findall(r'(?:src|href)="(/studio/[^"]+)"', html)
    assert "/studio/app.js" in referenced and "/studio/style.css" in referenced
    for path in referenced:
        f = await gw.client.get(path)
        assert f.status == 200, path
        assert f.headers["Content-Security-Policy"] == CSP
    js = await gw.client.get("/studio/app.js")
    assert js.content_type == "text/javascript"
    again = await gw.client.get("/studio/app.js", headers={"If-None-Match": js.headers["ETag"]})
    assert again.status == 304
    assert (await gw.client.get("/studio/")).status == 200


async def test_unknown_studio_paths_are_json_404s(gateway) -> None:
    gw = await gateway(memory=True)
    for path in ("/studio/nope.js", "/studio/app.py", "/studio/App.js", "/studio/config.js"):
        r = await gw.client.get(path)
        assert r.status == 404 and (await r.json())["error"] == "not_found", path


def test_the_page_has_no_inline_script_style_or_handlers_and_builds_no_html() -> None:
    html = (FOLDER / "index.html").read_text()
    assert all('src="' in tag for tag in re.findall(r"<script[^>]*>", html))
    assert not re.search(r"\sstyle=|\son[a-z]+=", html)
    for js in FOLDER.glob("*.js"):
        text = js.read_text()
        # Job text, story text and API errors are shown as text nodes, never parsed as markup.
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", text), js


def test_every_studio_file_is_package_data() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = data["package-data"]["services.gateway"]
    for f in FOLDER.iterdir():
        rel = f"studio/{f.name}"
        assert any(fnmatch.fnmatch(rel, p) for p in patterns), rel


async def test_the_config_says_how_to_sign_in_and_what_a_job_may_ask_for(gateway) -> None:
    gw = await gateway(memory=True)
    body = await (await gw.client.get("/studio/config")).json()
    assert body["auth"] == "jwt"
    assert {"default", "heart", "heart-gb"} <= set(body["choices"]["voice"])
    assert "paranormal" in body["choices"]["tone"]
    assert body["duration_s"] == {"min": 20, "max": 180, "default": 60}
    # The bars follow the pipeline table: its stages in order, the per-scene ones flagged.
    assert [s["stage"] for s in body["stages"]] == topology.stages()
    assert {s["stage"] for s in body["stages"] if s["per_scene"]} == {"tts", "visual"}
    assert all(0 <= s["progress"][0] < s["progress"][1] <= 100 for s in body["stages"])
    off = await gateway(memory=True, auth_disabled=True, auth_hs256_secret=None)
    assert (await (await off.client.get("/studio/config")).json())["auth"] == "disabled"


async def finished_job(gw, owner: str) -> str:
    """A completed job with two outputs and a story in storage, as render and notify leave it."""
    r, body = await submit(gw, owner)
    assert r.status == 202, body
    job_id = body["job_id"]
    outputs = {n: keys.output(job_id, n) for n in ("video.mp4", "captions.vtt")}
    await gw.storage.put(outputs["video.mp4"], b"\x00\x00\x00\x18ftypmp42" + bytes(1000))
    await gw.storage.put(outputs["captions.vtt"], b"WEBVTT\n")
    await gw.storage.put(keys.story(job_id), b'{"title": "t"}')
    assert await lifecycle.complete(gw.state, job_id, "render", outputs)
    return job_id


async def test_a_jobs_files_are_served_to_its_owner_only(gateway) -> None:
    gw = await gateway(memory=True)
    alice, bob = user(), user()
    job_id = await finished_job(gw, alice)
    r = await gw.client.get(f"/jobs/{job_id}/files/video.mp4", headers=auth(alice))
    assert r.status == 200 and r.content_type == "video/mp4"
    assert len(await r.read()) == 1012
    part = await gw.client.get(
        f"/jobs/{job_id}/files/video.mp4", headers={**auth(alice), "Range": "bytes=0-11"}
    )
    assert part.status == 206 and await part.read() == b"\x00\x00\x00\x18ftypmp42"
    vtt = await gw.client.get(f"/jobs/{job_id}/files/captions.vtt", headers=auth(alice))
    assert vtt.content_type == "text/vtt" and await vtt.read() == b"WEBVTT\n"
    story = await gw.client.get(f"/jobs/{job_id}/files/story.json", headers=auth(alice))
    assert story.status == 200 and (await story.json())["title"] == "t"
    theirs = await gw.client.get(f"/jobs/{job_id}/files/video.mp4", headers=auth(bob))
    assert theirs.status == 403 and b"ftyp" not in await theirs.read()
    assert (await gw.client.get(f"/jobs/{job_id}/files/video.mp4")).status == 401
    # Only the job's listed outputs: nothing else under its folder, whatever the name.
    await gw.storage.put(f"{job_id}/work/scene-00.png", b"png")
    for name in ("scene-00.png", "metadata.json", "..", "work"):
        r = await gw.client.get(f"/jobs/{job_id}/files/{name}", headers=auth(alice))
        assert r.status == 404, name
