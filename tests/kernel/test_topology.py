"""The topology table: ranks and rounds, final-status deliveries, the declared join."""

import pytest

from shared import topology
from shared.messages import (
    AssetsReady,
    JobFailed,
    JobSpec,
    SceneIllustrated,
    SceneNarrated,
    StoryRejected,
)
from shared.runtime.stub_stages import stub_story


def test_every_consumer_is_a_stage_of_the_pipeline() -> None:
    known = set(topology.names())
    for route in topology.ROUTES.values():
        assert set(route.stages) <= known


def test_rewrite_rounds_move_story_and_filter_on_but_never_past_the_scenes() -> None:
    late = StoryRejected(
        job_id="j", spec=JobSpec(topic="a lighthouse"), story=stub_story(1), round=9, feedback=[]
    )
    assert topology.round_of(late) == 9
    assert topology.rank("filter", 0) < topology.rank("story", 1) < topology.rank("filter", 1)
    assert topology.rank("filter", 9) < topology.rank("tts")


def test_only_the_failure_announcement_reaches_a_final_job() -> None:
    failed = JobFailed(job_id="j", stage="tts", reason="r")
    assert topology.reaches_final(failed)
    assert not topology.reaches_final(AssetsReady(job_id="j", story_key="k", scenes=[]))


def test_the_join_assembles_scene_parts_in_scene_order() -> None:
    parts = [
        SceneIllustrated(
            job_id="j", index=i, scene_count=2, story_key="k", image_key=f"i{i}", width=1, height=1
        )
        for i in (1, 0)
    ] + [
        SceneNarrated(
            job_id="j",
            index=i,
            scene_count=2,
            story_key="k",
            audio_key=f"a{i}",
            duration_s=1.0,
            words=[],
        )
        for i in (0, 1)
    ]
    ready = topology.JOIN.assemble(parts)
    assert isinstance(ready, AssetsReady)
    assert [(s.index, s.audio_key, s.image_key) for s in ready.scenes] == [
        (0, "a0", "i0"),
        (1, "a1", "i1"),
    ]
    assert topology.JOIN.slot(parts[0]) == (1, 2)


def test_a_join_with_a_missing_half_is_an_error_not_a_short_video() -> None:
    lone = SceneNarrated(
        job_id="j", index=0, scene_count=1, story_key="k", audio_key="a", duration_s=1.0, words=[]
    )
    with pytest.raises(ValueError, match="do not pair up"):
        topology.JOIN.assemble([lone])


def test_per_scene_stages_are_the_consumers_of_the_fan_out() -> None:
    assert [s for s in topology.stages() if topology.per_scene(s)] == ["tts", "visual"]
