"""A real video made from the studio: the form, live progress per stage, the player and the
downloads; and a progress view that lives through a gateway restart."""

import re
from collections import Counter
from pathlib import Path
from typing import Any

from tests.studio.conftest import (
    JOB_TIMEOUT_S,
    PHONE,
    new_user,
    submit_form,
    wait_for,
    wait_page_status,
)

STAGE_NAMES = ["story", "filter", "tts", "visual", "render", "notify"]


def rows(page: Any) -> list[tuple[str, str, str]]:
    """The activity rows as shown: each event's exact time, stage and name (two events of one
    stage may share a second and a text)."""
    shown = page.eval_on_selector_all(
        "#rows li",
        "els => els.map(e => [e.querySelector('time').dateTime, e.dataset.stage, e.dataset.event])",
    )
    return [tuple(r) for r in shown]


def stage_states(page: Any) -> dict[str, str]:
    return page.eval_on_selector_all(
        "#stages .stage",
        "els => Object.fromEntries(els.map(e => [e.dataset.stage, e.dataset.state]))",
    )


def video_duration(page: Any) -> float:
    """The player's duration once it has loaded the file's metadata; 0 until then."""
    return float(
        page.evaluate(
            "() => { const v = document.querySelector('#player');"
            " return v && v.readyState >= 1 && isFinite(v.duration) ? v.duration : 0; }"
        )
    )


def check_played(page: Any, low: float = 18, high: float = 22) -> float:
    """The player loaded the video, it is as long as asked (20 s, ±10 %) and it plays."""
    seconds = wait_for(lambda: video_duration(page), 60, "the video's metadata")
    assert low <= seconds <= high, seconds
    # It really plays: time moves.
    page.evaluate("document.querySelector('#player').muted = true")
    page.evaluate("document.querySelector('#player').play()")
    wait_for(
        lambda: page.evaluate("document.querySelector('#player').currentTime") > 0.2, 20, "playback"
    )
    return float(seconds)


def test_submit_follow_and_play_a_video(stack, open_page, shots) -> None:
    alice = new_user()
    page = open_page(alice)
    shots(page, "new-video")
    job_id = submit_form(page, "the scarecrow that turns its head", duration=20, scenes=3, seed=11)
    page.wait_for_selector("#stages .stage")
    assert [s for s in stage_states(page)] == STAGE_NAMES
    # Live progress: the per-scene stages count scenes as they go.
    wait_for(
        lambda: re.search(r"[1-9]/3 scenes", page.inner_text("#stages")),
        JOB_TIMEOUT_S,
        "a scene's voice or picture counted",
    )
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    shots(page, "progress")
    assert wait_page_status(page, {"completed", "failed", "cancelled"}) == "completed"
    assert set(stage_states(page).values()) == {"done"}
    counts = page.eval_on_selector_all("#stages .stage .count", "els => els.map(e => e.innerText)")
    assert counts[2:4] == ["3/3 scenes", "3/3 scenes"]  # tts, visual
    seconds = check_played(page)
    page.wait_for_selector("#contact-sheet")
    shots(page, "video")
    # Downloads: the MP4 and the captions come down with the job's name.
    files = {}
    for name in ("video.mp4", "captions.srt", "captions.vtt", "story.json"):
        with page.expect_download() as dl:
            page.click(f"button.download[data-file='{name}']")
        files[name] = Path(dl.value.path())
        assert dl.value.suggested_filename == f"{job_id}-{name}"
    assert files["video.mp4"].read_bytes()[4:8] == b"ftyp"
    assert files["captions.vtt"].read_text().startswith("WEBVTT")
    assert "-->" in files["captions.srt"].read_text()
    # The job list shows it, by topic, with its status.
    page.click("#nav-jobs")
    row = page.wait_for_selector(f"tr[data-job='{job_id}']")
    assert "scarecrow" in row.inner_text() and "completed" in row.inner_text()
    page.select_option("#status-filter", "failed")
    page.wait_for_selector("#no-jobs")
    shots(page, "list")
    print(f"studio video: {seconds:.2f} s")


def test_the_progress_view_survives_a_gateway_restart(stack, open_page, shots) -> None:
    alice = new_user()
    page = open_page(alice)
    job_id = submit_form(page, "the radio that plays the next day", duration=20, scenes=3)
    page.wait_for_selector("#conn[data-state='live']")
    wait_for(lambda: len(rows(page)) >= 3, 120, "the first rows")
    page.evaluate(
        "window.connStates = []; const c = document.querySelector('#conn');"
        "new MutationObserver(() => window.connStates.push(c.dataset.state))"
        ".observe(c, {attributes: true})"
    )
    stack.restart_gateway()  # SIGTERM, a new process on the same port

    def states() -> list[str]:
        return list(page.evaluate("window.connStates"))

    wait_for(lambda: "live" in states(), 60, "the page to reconnect")
    assert "reconnecting" in states(), states()
    shots(page, "reconnected")
    assert wait_page_status(page, {"completed", "failed", "cancelled"}) == "completed"
    shown = rows(page)
    duplicated = [r for r, n in Counter(shown).items() if n > 1]
    assert not duplicated, duplicated
    # Every event of the job up to its completion is on screen, each once (notify's events
    # after the completion end no stream: the page does not follow a finished job).
    _, view = stack.call("GET", f"jobs/{job_id}", alice)
    keys = {(e["at"], e["stage"], e.get("event") or "") for e in view["timeline"]}
    assert set(shown) <= keys, set(shown) - keys
    done_at = next(at for at, _, event in keys if event == "completed")
    assert {k for k in keys if k[0] <= done_at} <= set(shown)
    check_played(page)
    shots(page, "done")
