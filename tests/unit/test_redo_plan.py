"""What a redo asks for becomes a child job: which assets it reuses, which it makes again, with
which seed and text, drawn as a preview or not (shared/redo.py)."""

import pytest
from pydantic import ValidationError

from shared.messages import JobRequest, JobSpec, Scene, Story
from shared.messages.job import Reuse
from shared.redo import RedoRefused, RedoRequest, derive, needed

PARENT = JobSpec(topic="the well at the end of the lane", seed=7, scenes=3, approval=True)
STORY = Story(
    title="The Well",
    hook="Something answers from the well.",
    scenes=[Scene(index=i, narration=f"line {i}", image_prompt=f"picture {i}") for i in range(3)],
)


def ask(**fields: object) -> RedoRequest:
    return RedoRequest.model_validate(fields)


def test_a_scene_alone_gets_a_new_picture_and_reuses_everything_else() -> None:
    child = derive("p1", PARENT, STORY, ask(scene=1))
    reuse = child.spec.reuse
    assert child.spec.parent_id == "p1" and reuse is not None
    assert (reuse.audio, reuse.images) == ((0, 1, 2), (0, 2))
    assert set(reuse.seeds) == {1} and 0 <= reuse.seeds[1] < 2**32
    assert child.story == STORY  # nothing edited
    # the rest of the parent's request stands; the person asked for this, so no review hold
    assert (child.spec.topic, child.spec.seed, child.spec.approval) == (PARENT.topic, 7, False)


def test_two_redos_of_a_scene_draw_two_new_seeds() -> None:
    seeds = {derive("p1", PARENT, STORY, ask(scene=1)).spec.reuse.seeds[1] for _ in range(5)}  # type: ignore[union-attr]
    assert len(seeds) > 1


def test_edited_narration_is_spoken_again_and_the_picture_kept() -> None:
    child = derive("p1", PARENT, STORY, ask(scene=2, narration="  the rope went slack  "))
    reuse = child.spec.reuse
    assert reuse is not None and (reuse.audio, reuse.images, reuse.seeds) == ((0, 1), (0, 1, 2), {})
    assert child.story.scenes[2].narration == "the rope went slack"
    assert [s.narration for s in child.story.scenes[:2]] == ["line 0", "line 1"]


def test_an_edited_prompt_is_painted_with_the_old_seed_a_given_seed_wins() -> None:
    child = derive("p1", PARENT, STORY, ask(scene=0, image_prompt="a rope in a well"))
    assert child.spec.reuse == Reuse(audio=(0, 1, 2), images=(1, 2), seeds={})
    assert child.story.scenes[0].image_prompt == "a rope in a well"
    redrawn = PARENT.model_copy(update={"reuse": Reuse(seeds={0: 99})})
    again = derive("p2", redrawn, STORY, ask(scene=0, image_prompt="a bucket"))
    assert again.spec.reuse is not None and again.spec.reuse.seeds == {0: 99}
    given = derive("p1", PARENT, STORY, ask(scene=0, seed=5, voice=True, picture=True))
    assert given.spec.reuse == Reuse(audio=(1, 2), images=(1, 2), seeds={0: 5})


def test_no_scene_renders_the_parent_again_as_the_full_video() -> None:
    preview = PARENT.model_copy(update={"preview": True})
    full = derive("p1", preview, STORY, ask())
    assert full.spec.reuse == Reuse(audio=(0, 1, 2), images=(0, 1, 2))
    assert full.spec.preview is None  # the full video
    assert derive("p1", preview, STORY, ask(preview=True)).spec.preview is True
    # a scene's redo of a preview is a preview, unless asked otherwise
    assert derive("p1", preview, STORY, ask(scene=1)).spec.preview is True
    assert derive("p1", preview, STORY, ask(scene=1, preview=False)).spec.preview is None


def test_a_scene_the_story_lacks_is_refused() -> None:
    with pytest.raises(RedoRefused, match=r"no scene 5; its scenes are \[0, 1, 2\]"):
        derive("p1", PARENT, STORY, ask(scene=5))


@pytest.mark.parametrize(
    "fields",
    [
        {"voice": True},  # no scene
        {"narration": "new words"},
        {"scene": 1, "narration": "   "},
        {"scene": 1, "narration": "bell\u0007"},
        {"scene": 1, "seed": -1},
        {"scene": "1"},  # strict: no strings for numbers
        {"scene": 1, "colour": "red"},
    ],
)
def test_bad_redo_requests_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        RedoRequest.model_validate(fields)


def test_a_job_request_cannot_claim_a_parent() -> None:
    for field, value in (("parent_id", "someone-elses"), ("reuse", {"images": [0]})):
        with pytest.raises(ValidationError, match="set by a redo"):
            JobRequest.model_validate({"topic": "the well", field: value})
    assert "parent_id" not in JobRequest.model_json_schema()["properties"]


def test_needed_names_the_parent_files_the_child_copies() -> None:
    assert needed("p1", Reuse(audio=(0,), images=(1,))) == [
        "p1/work/scene-00.wav",
        "p1/work/scene-00.words.json",
        "p1/work/scene-01.png",
    ]


@pytest.mark.parametrize(
    ("parent", "asked", "posts"),
    [
        ({"tiktok": True}, None, False),  # the full video was posted: not a second copy
        ({"tiktok": True, "preview": True}, None, True),  # a preview never posted
        ({"tiktok": False, "preview": True}, None, False),
        ({"tiktok": True}, True, True),  # the person asks for it
        ({"tiktok": True, "preview": True}, False, False),
    ],
)
def test_a_redo_posts_to_tiktok_only_what_was_not_posted_unless_asked(parent, asked, posts) -> None:
    spec = PARENT.model_copy(update=parent)
    fields = {} if asked is None else {"tiktok": asked}
    child = derive("p1", spec, STORY, ask(preview=False, **fields))
    assert child.spec.tiktok is posts


async def test_a_second_submit_under_one_id_returns_the_first_job_and_sends_nothing() -> None:
    """A retry with the same Idempotency-Key that took over a slow first request submits under
    the same id: it must get that job back, not fail it (the gateway fails a job whose submit
    raised)."""
    from shared import topology
    from shared.redo import submit_derived
    from shared.runtime.memory_bus import MemoryBus
    from shared.state.memory import MemoryState

    bus, state = MemoryBus(), MemoryState()
    await bus.declare(["filter"])
    child = derive("p1", PARENT, STORY, ask(scene=1))
    first = await submit_derived(bus, state, child, job_id="j1", owner="al", idempotency_key="k")
    again = await submit_derived(bus, state, child, job_id="j1", owner="al", idempotency_key="k")
    assert again.job_id == first.job_id and again.idempotency_key == "k"
    assert bus.queues[topology.queue_name("filter")].qsize() == 1
