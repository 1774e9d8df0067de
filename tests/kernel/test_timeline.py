"""Typed timeline events: written validated, read through one function."""

import pytest
from pydantic import ValidationError

from shared import timeline


def test_an_event_round_trips_through_its_stored_form() -> None:
    stored = {**timeline.event("tts", timeline.DONE, seconds=1.5, outputs=1), "at": 10.0}
    [e] = timeline.read([stored])
    assert (e.stage, e.event, e.seconds, e.outputs, e.at) == ("tts", "done", 1.5, 1, 10.0)


def test_channel_fields_ride_as_extras() -> None:
    [e] = timeline.read([timeline.event("notify", "tiktok", publish_id="p-1", status="uploading")])
    assert e.get("publish_id") == "p-1" and e.status == "uploading"
    assert e.get("missing", "default") == "default"


def test_a_wrongly_typed_field_is_refused_when_written() -> None:
    with pytest.raises(ValidationError):
        timeline.event("tts", timeline.DONE, seconds="fast")


def test_an_unreadable_line_is_skipped_not_fatal() -> None:
    events = timeline.read([{"event": "done"}, timeline.event("story", timeline.STARTED)])
    assert [e.stage for e in events] == ["story"]


def test_the_scene_count_is_the_latest_stated_one() -> None:
    events = timeline.read(
        [
            timeline.event("filter", "approved", scenes=6),
            timeline.event("tts", timeline.DONE),
            timeline.event("filter", "approved", scenes=8),
        ]
    )
    assert timeline.scene_count(events) == 8
    assert timeline.scene_count([]) is None
