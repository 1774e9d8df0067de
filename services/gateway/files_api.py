"""GET /jobs/{id}/files/{name}: a job's result, read through the gateway by its owner.

With local storage the job view's links are file:// URLs only the gateway's own machine can
open; and a presigned S3 link is not always reachable from where the browser is. This route
serves the same objects to the bearer of the job's token, so the studio (and any client) can
fetch them over the API alone.
"""

from aiohttp import web

from services.gateway.access import ensure_owner, require
from services.gateway.auth import READ
from services.gateway.errors import ApiError
from services.gateway.resources import gateway, load_job
from shared.storage import keys
from shared.storage.local import LocalStorage

FILE = "/files/{name:[A-Za-z0-9_.-]{1,64}}"
TYPES = {
    ".mp4": "video/mp4",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".srt": "application/x-subrip",
    ".vtt": "text/vtt",
    ".json": "application/json",
}
STORY = "story.json"


def _type(name: str) -> str:
    return next((t for s, t in TYPES.items() if name.endswith(s)), "application/octet-stream")


async def job_file(request: web.Request) -> web.StreamResponse:
    principal, gw = require(request, READ), gateway(request)
    job = await load_job(request)
    ensure_owner(principal, job)
    name = request.match_info["name"]
    # Only what the job lists as its outputs, and its story: never any other key under its id.
    key = job.outputs.get(name) or (keys.story(job.job_id) if name == STORY else None)
    if key is None:
        raise ApiError(404, "not_found", f"job {job.job_id} has no file {name!r}")
    headers = {"Content-Disposition": f'inline; filename="{job.job_id}-{name}"'}
    if isinstance(gw.storage, LocalStorage):
        path = gw.storage.path(key)
        if not path.is_file():
            raise ApiError(404, "not_found", f"job {job.job_id} has no file {name!r} any more")
        # FileResponse answers Range requests: a player can seek without the whole file.
        resp = web.FileResponse(path, headers={**headers, "Content-Type": _type(name)})
        return resp
    try:
        data = await gw.storage.get(key)
    except FileNotFoundError:
        raise ApiError(
            404, "not_found", f"job {job.job_id} has no file {name!r} any more"
        ) from None
    return web.Response(body=data, content_type=_type(name), headers=headers)
