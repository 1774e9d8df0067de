"""The approval gate in the studio: a job that asks for review pauses with its story shown
scene by scene; an edit is judged again (a refused one is shown inline and changes nothing),
approve renders the edited story; reject ends the job with the reason."""

import json
from typing import Any

from tests.studio.conftest import PHONE, new_user, submit_form, wait_for, wait_page_status
from tests.studio.test_studio_video import check_played

EDIT = "The keeper found the lamp room door open at dawn, and wet footprints going up."
HATEFUL = "Kill all the Jews, he said."


def narration(page: Any, index: int) -> str:
    return str(page.input_value(f"#narration-{index}"))


def paused(page: Any) -> None:
    assert wait_page_status(page, {"awaiting_approval", "completed", "failed", "cancelled"}) == (
        "awaiting_approval"
    )
    page.wait_for_selector("#review-panel")


def test_review_edit_approve_and_play(stack, open_page, shots) -> None:
    alice = new_user()
    page = open_page(alice)
    job_id = submit_form(page, "the lighthouse keeper hears knocking", scenes=3, approval=True)
    paused(page)
    assert page.eval_on_selector_all("#review-panel .scene", "els => els.length") == 3
    assert page.query_selector("#deadline") is not None
    # Paused after the filter: no voice or picture was made.
    states = page.eval_on_selector_all(
        "#stages .stage",
        "els => Object.fromEntries(els.map(e => [e.dataset.stage, e.dataset.state]))",
    )
    assert states["filter"] == "paused" and states["tts"] == states["visual"] == "waiting"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    shots(page, "review")
    original = [narration(page, i) for i in range(3)]

    # A refused edit: shown inline with its reason, the story unchanged.
    page.fill("#narration-2", HATEFUL)
    page.click("#save-edits")
    refused = page.wait_for_selector("#edit-refused", timeout=120_000)
    assert "hate" in refused.inner_text().lower()
    assert narration(page, 2) == original[2]
    shots(page, "edit-refused")

    # An accepted edit: judged again, back for review with the new text.
    page.fill("#narration-1", EDIT)
    page.click("#save-edits")
    wait_for(
        lambda: (
            page.query_selector("#review-panel") is not None
            and page.query_selector("#edit-refused") is None
            and narration(page, 1) == EDIT
        ),
        120,
        "the edited story back for review",
    )
    shots(page, "edited")

    page.click("#approve")
    assert wait_page_status(page, {"completed", "failed", "cancelled"}) == "completed"
    check_played(page, 15, 40)  # the edited words may run longer than the 20 s asked for
    shots(page, "video")
    status, story = stack.call("GET", f"jobs/{job_id}/files/story.json", alice)
    assert status == 200 and story["scenes"][1]["narration"] == EDIT
    _, view = stack.call("GET", f"jobs/{job_id}", alice)
    events = [(e["stage"], e.get("event")) for e in view["timeline"]]
    assert ("review", "edited") in events and ("review", "approved") in events
    print("reviewed story:", json.dumps([s["narration"][:40] for s in story["scenes"]]))


def test_reject_ends_the_job_with_the_reason(stack, open_page, shots) -> None:
    alice = new_user()
    page = open_page(alice)
    job_id = submit_form(page, "the thing in the hay loft", scenes=3, approval=True)
    paused(page)
    page.fill("#reject-reason", "too tame")
    page.click("#reject")
    assert wait_page_status(page, {"cancelled", "completed", "failed"}, timeout=30) == "cancelled"
    reason = page.wait_for_selector("#failure-reason")
    assert "rejected at review: too tame" in reason.inner_text()
    assert page.query_selector("#review-panel") is None
    shots(page, "rejected")
    _, view = stack.call("GET", f"jobs/{job_id}", alice)
    assert view["status"] == "cancelled" and view["error"] == "rejected at review: too tame"
    assert not any(e["stage"] in ("tts", "visual", "render") for e in view["timeline"])
