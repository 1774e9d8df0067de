"""The studio without a render: a refused topic, the page's weight, one user's job seen by
another, cancel, and an admin's dead-letter replay."""

import statistics
import time
import urllib.request
import uuid

import aio_pika
import jwt

from shared import lifecycle, topology
from shared.codec import encode, wrap
from shared.messages.job import JobRequested, JobSpec
from shared.runtime.bus import REASON_HEADER, STAGE_HEADER
from shared.state.redis import RedisState
from tests.conftest import AMQP_URL, REDIS_URL
from tests.studio.conftest import (
    ADMIN,
    PHONE,
    SECRET,
    Process,
    Stack,
    free_port,
    new_user,
    run_async,
    submit_form,
    wait_for,
    wait_page_status,
)

FORBIDDEN = "a story about how to kill yourself tonight"


def test_a_refused_topic_is_shown_inline_with_its_category(stack, open_page, shots) -> None:
    page = open_page(new_user())
    shots(page, "form")
    page.fill("#topic", FORBIDDEN)
    page.click("#submit")
    refusal = page.wait_for_selector("#refusal")
    assert "refused" in refusal.inner_text()
    categories = page.eval_on_selector_all("#refusal li", "els => els.map(e => e.dataset.category)")
    assert categories == ["self-harm"]
    assert "suicide or self-harm" in refusal.inner_text()
    assert page.get_attribute("#topic", "aria-invalid") == "true"
    assert "#/job/" not in page.url  # no job was made
    # Phone-sized: nothing wider than the screen.
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    shots(page, "refused")


def _load(base: str, paths: list[str]) -> float:
    t0 = time.perf_counter()
    for path in paths:
        with urllib.request.urlopen(base + path.lstrip("/"), timeout=10) as r:
            assert r.status == 200 and r.read()
    return time.perf_counter() - t0


def test_the_studio_loads_in_under_300_ms_from_the_gateway(stack, browser) -> None:
    """A page-weight check: everything the page fetches before it can be used (the HTML, every
    module, the style sheet, the icon, the config), one after another, median of 10 rounds."""
    ctx = browser.new_context(viewport=PHONE)
    page = ctx.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url.removeprefix(stack.base.rstrip("/"))))
    page.goto(stack.base)
    page.wait_for_selector("#token")
    ctx.close()
    assert "/studio/app.js" in fetched and "/studio/config" in fetched
    times = [_load(stack.base, fetched) for _ in range(10)]
    median = statistics.median(times)
    print(f"studio page load over loopback: {len(fetched)} requests, median {median * 1000:.1f} ms")
    assert median < 0.3, times
    # And in the browser, cold (a new context: no cache): navigation start to the first view
    # drawn (the sign-in form, after the modules and /studio/config).
    ready = []
    for _ in range(5):
        ctx = browser.new_context(viewport=PHONE)
        page = ctx.new_page()
        page.goto(stack.base)
        # polled from here: wait_for_function evaluates its string with eval() in the page,
        # which the studio's CSP refuses whenever the mark is not there on the first look
        wait_for(
            lambda p=page: p.evaluate("performance.getEntriesByName('studio-ready').length > 0"),
            30,
            "the studio's first view",
            every=0.02,
        )
        ready.append(page.evaluate("performance.getEntriesByName('studio-ready')[0].startTime"))
        ctx.close()
    print(f"studio first view in chromium, cold: median {statistics.median(ready):.1f} ms")
    # Mostly chromium parsing and compiling on a shared, busy CPU (the files are in by ~90 ms):
    # bounded generously here, reported in docs/studio.md.
    assert statistics.median(ready) < 1000, ready


def test_another_user_can_neither_see_nor_touch_a_job(stack, open_page, shots) -> None:
    alice, bob = new_user(), new_user()
    status, accepted = stack.call(
        "POST", "jobs", alice, body={"topic": "the well", "approval": True}
    )
    assert status == 202, accepted
    job_id = accepted["job_id"]
    page = open_page(bob)
    page.goto(f"{stack.base}#/job/{job_id}")
    denied = page.wait_for_selector("#job-denied")
    assert "another user" in denied.inner_text()
    assert "the well" not in page.inner_text("main")
    shots(page, "denied")
    page.click("#nav-jobs")
    page.wait_for_selector("#no-jobs")
    assert job_id not in page.content()
    shots(page, "bobs-list")
    for method, path in [
        ("GET", f"jobs/{job_id}"),
        ("GET", f"jobs/{job_id}/story"),
        ("GET", f"jobs/{job_id}/files/story.json"),
        ("POST", f"jobs/{job_id}/cancel"),
        ("POST", f"jobs/{job_id}/approve"),
        ("POST", f"jobs/{job_id}/reject"),
    ]:
        status, body = stack.call(method, path, bob)
        assert status in (403, 404), (method, path, status)
        assert "the well" not in str(body)
    # Untouched: alice still has it, live.
    status, body = stack.call("GET", f"jobs/{job_id}", alice)
    assert status == 200 and body["status"] in ("queued", "running", "awaiting_approval")
    assert stack.call("POST", f"jobs/{job_id}/cancel", alice)[0] == 200


def test_cancel_stops_a_running_job(stack, open_page, shots) -> None:
    alice = new_user()
    page = open_page(alice)
    job_id = submit_form(page, "the bells under the frozen lake", duration=20, scenes=3)
    page.wait_for_selector("#cancel:not([hidden])")
    shots(page, "running")
    page.click("#cancel")
    assert wait_page_status(page, {"cancelled", "completed", "failed"}, timeout=30) == "cancelled"
    page.wait_for_selector("#cancel[hidden]", state="attached")
    shots(page, "cancelled")
    status, body = stack.call("GET", f"jobs/{job_id}", alice)
    assert body["status"] == "cancelled"
    assert any(e.get("event") == "cancelled" and e.get("by") == alice for e in body["timeline"])
    # Nothing runs on for it: no render ever starts.
    time.sleep(3)
    _, later = stack.call("GET", f"jobs/{job_id}", alice)
    assert not any(e["stage"] == "render" for e in later["timeline"])


async def _dead_letter(job_id: str) -> str:
    message_id = uuid.uuid4().hex
    msg = JobRequested(job_id=job_id, spec=JobSpec(topic="the well"))
    conn = await aio_pika.connect(AMQP_URL)
    ch = await conn.channel()
    await ch.default_exchange.publish(
        aio_pika.Message(
            encode(wrap(msg, source="test", id=message_id)),
            message_id=message_id,
            headers={STAGE_HEADER: "story", REASON_HEADER: "ValueError: a writer bug"},
        ),
        routing_key=topology.DEAD_LETTER_QUEUE,
    )
    await conn.close()
    return message_id


def test_an_admin_lists_and_replays_dead_letters(stack, open_page, shots) -> None:
    alice = new_user()
    # A letter for a job that is over (cancelled): replayed, the story stage skips it.
    _, accepted = stack.call("POST", "jobs", alice, body={"topic": "the well", "approval": True})
    job_id = accepted["job_id"]
    assert stack.call("POST", f"jobs/{job_id}/cancel", alice)[0] == 200
    message_id = run_async(_dead_letter(job_id))

    user_page = open_page(alice)
    assert user_page.query_selector("#nav-admin") is None  # not offered to a plain user
    page = open_page(new_user(), ADMIN)
    page.click("#nav-admin")
    row = page.wait_for_selector(f"tr[data-message='{message_id}']")
    assert "a writer bug" in row.inner_text() and job_id in row.inner_text()
    shots(page, "dead-letters")
    row.query_selector("button.replay").click()
    page.wait_for_selector("#dlq-message .notice")
    assert message_id in page.inner_text("#dlq-message")
    wait_for(lambda: page.query_selector(f"tr[data-message='{message_id}']") is None, 10, "the row")
    shots(page, "replayed")
    status, body = stack.call("GET", "admin/dead-letters", "someone", ADMIN)
    assert status == 200 and message_id not in [d["message_id"] for d in body["items"]]


def test_an_expired_token_brings_back_the_sign_in_with_the_reason(stack, browser) -> None:
    ctx = browser.new_context(viewport=PHONE)
    page = ctx.new_page()
    page.goto(stack.base)
    now = int(time.time())
    short = jwt.encode(
        {"sub": new_user(), "scope": "jobs:read", "iat": now, "exp": now + 3}, SECRET, "HS256"
    )
    page.fill("#token", short)
    page.click("#sign-in")
    page.wait_for_selector("#new-video")
    time.sleep(4)
    page.click("#nav-jobs")
    message = page.wait_for_selector("#signin-error .error")
    assert "expired" in message.inner_text().lower()
    assert page.evaluate("sessionStorage.length") == 0  # the dead token is dropped
    page.fill("#token", "not a token")
    page.click("#sign-in")
    refused = page.wait_for_selector("#signin-error .error:has-text('Not signed in')")
    assert "not a JWT" in refused.inner_text()
    ctx.close()


def test_dev_mode_skips_the_sign_in_when_the_gateway_runs_without_auth(stack, browser) -> None:
    port = free_port()
    env = {**stack.gateway.env, "GRIMREEL_GATEWAY_PORT": str(port)}
    env.pop("GRIMREEL_AUTH_HS256_SECRET")
    env["GRIMREEL_AUTH_DISABLED"] = "true"
    gw = Process("gateway-dev", stack.gateway.argv, env, stack.logs / "gateway-dev.log")
    gw.start()
    try:
        dev = Stack(f"http://127.0.0.1:{port}/", gw, stack.stages, stack.storage, stack.logs)
        dev.wait_ready()
        ctx = browser.new_context(viewport=PHONE)
        page = ctx.new_page()
        page.goto(dev.base)
        page.wait_for_selector("#new-video")
        assert page.query_selector("#token") is None
        assert "dev mode" in page.inner_text("#whoami")
        assert page.query_selector("#nav-admin") is not None  # anonymous is an admin
        ctx.close()
    finally:
        gw.stop()


def test_the_event_stream_parser_follows_the_format(stack, browser) -> None:
    """sse.js's parser on what a proxy or another server may send: CRLF lines, data over
    several lines, comments, a field without a space, an event with no data."""
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(stack.base)
    got = page.evaluate(
        """async () => {
          const { parseBlock } = await import('/studio/sse.js');
          return [
            parseBlock('event: job\\r\\ndata: {"a":\\r\\ndata: 1}'),
            parseBlock(': keep-alive'),
            parseBlock('data:{"b":2}'),
            parseBlock('id: 7\\nevent: end'),
            parseBlock('retry: 3000'),
          ];
        }"""
    )
    ctx.close()
    assert got == [
        {"event": "job", "data": '{"a":\n1}'},
        None,
        {"event": "message", "data": '{"b":2}'},
        None,
        None,
    ]


def test_the_job_list_pages_and_filters(stack, open_page, shots) -> None:
    alice = new_user()
    made = []
    for i in range(11):  # page size 10: two pages
        status, body = stack.call("POST", "jobs", alice, body={"topic": f"the well, take {i}"})
        assert status == 202, body
        made.append(body["job_id"])
        assert stack.call("POST", f"jobs/{body['job_id']}/cancel", alice)[0] == 200
    page = open_page(alice)
    page.click("#nav-jobs")
    page.wait_for_selector("tr[data-job]")
    first = page.eval_on_selector_all("tr[data-job]", "els => els.map(e => e.dataset.job)")
    assert first == made[::-1][:10]  # newest first
    assert page.query_selector("#newer") is None
    shots(page, "page-1")
    page.click("#older")
    page.wait_for_selector("#newer")
    second = page.eval_on_selector_all("tr[data-job]", "els => els.map(e => e.dataset.job)")
    assert second == [made[0]] and page.query_selector("#older") is None
    assert "the well, take 0" in page.inner_text("#job-list")
    page.click("#newer")
    page.wait_for_selector("#older")
    page.select_option("#status-filter", "completed")
    page.wait_for_selector("#no-jobs")
    page.select_option("#status-filter", "cancelled")
    page.wait_for_selector("tr[data-job]")
    assert len(page.query_selector_all("tr[data-job]")) == 10
    shots(page, "cancelled")


async def _fail(job_id: str, reason: str) -> None:
    state = RedisState(REDIS_URL)
    try:
        assert await lifecycle.fail(state, job_id, "filter", reason) is not None
    finally:
        await state.close()


def test_a_failed_job_shows_its_reason_live(stack, open_page, shots) -> None:
    alice = new_user()
    page = open_page(alice)
    job_id = submit_form(page, "the thing under the ice", approval=True)
    wait_page_status(page, {"awaiting_approval"}, timeout=120)
    # A stage gives up (as after its last retry): the open page shows it without a reload.
    run_async(_fail(job_id, "ValueError: the judge is down"))
    assert wait_page_status(page, {"failed"}, timeout=30) == "failed"
    reason = page.wait_for_selector("#failure-reason")
    assert "Failed" in reason.inner_text() and "the judge is down" in reason.inner_text()
    assert page.get_attribute("#stages .stage[data-stage='filter']", "data-state") == "failed"
    assert page.query_selector("#review-panel") is None
    page.wait_for_selector("#cancel[hidden]", state="attached")
    shots(page, "failed")
