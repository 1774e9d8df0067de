"""Preview and redo in the studio: a quick 540x960 draft, its full render from the same files,
then one scene made again (an edited picture prompt) while every other scene is reused."""

from typing import Any

from tests.studio.conftest import new_user, submit_form, wait_page_status
from tests.studio.test_studio_video import check_played

PROMPT = "a rusted diving helmet on a kitchen table, water pooling under it, cold moonlight"


def features(stack) -> dict[str, bool]:
    status, cfg = stack.call("GET", "studio/config", "anyone")
    assert status == 200
    return dict(cfg["features"])


def width(page: Any) -> int:
    return int(page.evaluate("document.querySelector('#player').videoWidth"))


def finished(page: Any) -> str:
    assert wait_page_status(page, {"completed", "failed", "cancelled"}) == "completed"
    check_played(page)
    return str(page.url.rsplit("/", 1)[1])


def test_preview_full_render_and_redo_one_scene(stack, open_page, shots) -> None:
    offered = features(stack)
    assert offered["preview"] and offered["redo"] and offered["approval"], offered
    alice = new_user()
    page = open_page(alice)
    draft_id = submit_form(page, "the diver who came back dry", scenes=3, preview=True)
    finished(page)
    assert width(page) == 540
    assert "preview" in page.inner_text("#job-meta")
    shots(page, "preview")

    page.click("#render-full")
    page.wait_for_url(lambda url: draft_id not in url)
    full_id = finished(page)
    assert width(page) == 1080
    assert draft_id in page.inner_text("#job-meta")  # "redo of <draft>"
    shots(page, "full")
    _, full = stack.call("GET", f"jobs/{full_id}", alice)
    assert full["request"]["parent_id"] == draft_id

    page.click("details.scene[data-scene='1'] summary")
    page.fill("#redo-prompt-1", PROMPT)
    page.check("#redo-preview-1")
    shots(page, "redo-scene")
    page.click("#redo-1")
    page.wait_for_url(lambda url: full_id not in url)
    redo_id = finished(page)
    assert width(page) == 540
    shots(page, "redone")
    _, redo = stack.call("GET", f"jobs/{redo_id}", alice)
    assert redo["request"]["parent_id"] == full_id
    _, story = stack.call("GET", f"jobs/{redo_id}/files/story.json", alice)
    _, before = stack.call("GET", f"jobs/{full_id}/files/story.json", alice)
    assert story["scenes"][1]["image_prompt"] == PROMPT
    assert [s["narration"] for s in story["scenes"]] == [s["narration"] for s in before["scenes"]]

    # Only scene 1 was painted again; every other picture and every voice is the parent's.
    def work(job: str, i: int, suffix: str) -> bytes:
        return (stack.storage / job / "work" / f"scene-{i:02d}.{suffix}").read_bytes()

    assert work(redo_id, 1, "png") != work(full_id, 1, "png")
    assert all(work(redo_id, i, "png") == work(full_id, i, "png") for i in (0, 2))
    assert all(work(redo_id, i, "wav") == work(full_id, i, "wav") for i in range(3))
