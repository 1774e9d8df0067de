"""check_quality catches the drafts that must be rewritten before moderation."""

from shared.messages.job import JobSpec
from shared.messages.story import Scene, Story
from shared.quality import WORDS_PER_MINUTE, auto_scene_count, check_quality

SPEC = JobSpec(topic="a lighthouse keeper hears knocking from below", duration_s=25, scenes=4)
LINES = [
    "Nobody who works at the lighthouse lasts more than a month, and now I know why.",
    "On the third night the knocking started, three slow knocks from under the floor.",
    "There is no basement, and I checked the plans twice before I went down to look.",
    "Then it knocked again, very politely, from directly above my head in the dark.",
]


def _story(
    lines: list[str],
    *,
    title: str = "The Knocking",
    hook: str | None = None,
    prompts: list[str] | None = None,
) -> Story:
    prompts = prompts or [f"a lonely lighthouse at night, shot {i}" for i in range(len(lines))]
    scenes = [
        Scene(index=i, narration=t, image_prompt=p)
        for i, (t, p) in enumerate(zip(lines, prompts, strict=True))
    ]
    return Story(title=title, hook=lines[0] if hook is None else hook, scenes=scenes)


def test_a_good_story_has_no_problems():
    assert check_quality(_story(LINES), SPEC, WORDS_PER_MINUTE) == []


def test_an_empty_scene_is_caught():
    problems = check_quality(_story([*LINES[:3], ""]), SPEC, WORDS_PER_MINUTE)
    assert any("scene 3 has no narration" in p for p in problems)


def test_an_exactly_repeated_scene_is_caught():
    problems = check_quality(_story([*LINES[:3], LINES[1]]), SPEC, WORDS_PER_MINUTE)
    assert any("scene 3 repeats scene 1" in p for p in problems)


def test_a_near_duplicate_scene_is_caught():
    near = LINES[1].replace("third", "fourth")
    problems = check_quality(_story([*LINES[:3], near]), SPEC, WORDS_PER_MINUTE)
    assert any("repeats scene 1" in p for p in problems)


def test_a_story_far_too_short_for_its_duration_is_caught():
    short = ["It knocked.", "I froze.", "It knocked again.", "Silence."]
    problems = check_quality(_story(short), SPEC, WORDS_PER_MINUTE)
    assert any("narration runs about" in p for p in problems)


def test_a_story_far_too_long_is_caught():
    long_spec = SPEC.model_copy(update={"duration_s": 20})
    problems = check_quality(_story([t + " " + t for t in LINES]), long_spec, WORDS_PER_MINUTE)
    assert any("narration runs about" in p for p in problems)


def test_a_scene_count_other_than_requested_is_caught():
    problems = check_quality(_story(LINES[:3]), SPEC, WORDS_PER_MINUTE)
    assert any("3 scenes, expected exactly 4" in p for p in problems)


def test_auto_scene_count_allows_a_range_around_eight_seconds_per_scene():
    auto = SPEC.model_copy(update={"scenes": None, "duration_s": 60})
    assert auto_scene_count(60) == 8
    assert any("expected" in p for p in check_quality(_story(LINES), auto, WORDS_PER_MINUTE))


def test_a_scene_much_longer_than_its_share_is_caught():
    lines = [*LINES[:3], " ".join([LINES[3]] * 6)]
    spec = SPEC.model_copy(update={"duration_s": 45})
    problems = check_quality(_story(lines), spec, WORDS_PER_MINUTE)
    assert any(p.startswith("scene 3 has") for p in problems)


def test_missing_image_prompts_title_and_hook_are_caught():
    story = _story(
        LINES, title=" ", hook="", prompts=["a lighthouse", "", "x", "tall stairs, dark"]
    )
    problems = check_quality(story, SPEC, WORDS_PER_MINUTE)
    assert "the title is missing" in problems
    assert "the hook (first sentence) is missing" in problems
    assert sum("no usable image prompt" in p for p in problems) == 3


def test_scene_indexes_must_run_in_order():
    story = _story(LINES)
    shuffled = story.model_copy(update={"scenes": list(reversed(story.scenes))})
    assert "scene indexes are not 0..n-1 in order" in check_quality(
        shuffled, SPEC, WORDS_PER_MINUTE
    )
