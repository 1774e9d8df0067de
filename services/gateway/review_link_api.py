"""Signed review links (GET/POST /review/{token}): approve or reject one paused job with the
link notify sent, no API token needed. The link names the job and expires with its approval
deadline; without GRIMREEL_REVIEW_LINK_SECRET the routes answer 404."""

from aiohttp import web

from services.gateway.resources import gateway
from services.gateway.review_page import CSP, message_page, story_page
from shared import review
from shared.review_links import LinkSettings, read_token
from shared.state.base import JobRecord

LINKS = web.AppKey("review_links", LinkSettings)
PATH = "/review/{token:[A-Za-z0-9_.-]{1,200}}"


def install(app: web.Application) -> None:
    app[LINKS] = LinkSettings()
    app.router.add_get(PATH, review_page, name="review_page")
    app.router.add_post(PATH, review_act, name="review_act")


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(
        text=text,
        status=status,
        content_type="text/html",
        headers={"Content-Security-Policy": CSP},
    )


async def _job(request: web.Request) -> JobRecord | web.Response:
    secret = request.app[LINKS].secret()
    job_id = read_token(secret, request.match_info["token"]) if secret else None
    if job_id is None:
        return _html(message_page("Link not valid", "This review link is invalid or expired."), 404)
    job = await gateway(request).state.get(job_id)
    if job is None:
        return _html(message_page("Job gone", "This job no longer exists."), 404)
    return job


async def review_page(request: web.Request) -> web.Response:
    job = await _job(request)
    if isinstance(job, web.Response):
        return job
    story = await review.stored_story(gateway(request).storage, job.job_id)
    if job.status != "awaiting_approval" or story is None:
        return _html(message_page("Nothing to review", f"The job is {job.status}."), 409)
    refused = job.approval.refused if job.approval else None
    return _html(story_page(story, str(job.spec.get("topic", "")), refused))


async def review_act(request: web.Request) -> web.Response:
    job = await _job(request)
    if isinstance(job, web.Response):
        return job
    form = await request.post()
    action, reason = form.get("action"), form.get("reason")
    gw, by = gateway(request), "review-link"
    try:
        if action == "approve":
            await review.approve(gw.bus, gw.state, gw.storage, job, by=by)
            return _html(message_page("Approved", "The voices, pictures and video are on the way."))
        if action == "reject":
            why = str(reason)[:500] if isinstance(reason, str) and reason.strip() else None
            await review.reject(gw.state, job, by=by, reason=why)
            return _html(message_page("Rejected", "The job is cancelled."))
    except review.NotPaused as e:
        return _html(message_page("Nothing to review", str(e)), 409)
    return _html(message_page("Not understood", "Choose approve or reject."), 422)
