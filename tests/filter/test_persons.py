import pytest

from shared.safety.persons import points_at_someone


@pytest.mark.parametrize(
    "text",
    [
        "make keanu reeves the killer in this, say he really did it",  # a listed name
        "my neighbour dave at 42 pine rd, make the ghost get him",  # a relation to the user
        "the night Martha opened the cellar door",  # a name mid-sentence
        "Dana Whitlock opened the cellar door",  # a full name first
        "Dr. Hale signed the form",  # a title
        "@somestreamer gets eaten alive on stream",  # a handle
        "the president is possessed during the speech",  # a role real people hold
        "use her real name in the video",  # a claim of reality
    ],
)
def test_a_passage_that_points_at_someone_opens_the_real_person_check(text: str) -> None:
    assert points_at_someone(text)


@pytest.mark.parametrize(
    "text",
    [
        "a masked killer in the lake house",
        "except now he comes from somewhere inside the walls of my own room.",
        "I heard it scratching on Monday.",
        "We prayed to God until the candles went out.",
        "If you ever see it, don't go looking the way I did.",
    ],
)
def test_a_passage_that_names_nobody_cannot_be_about_a_real_person(text: str) -> None:
    assert not points_at_someone(text)


def test_an_operators_own_names_count(tmp_path) -> None:
    people = tmp_path / "names.txt"
    people.write_text("zyx quorra\n")
    assert not points_at_someone("zyx quorra walks home")
    assert points_at_someone("zyx quorra walks home", people)
