"""Signed review links: a token names one job until its deadline, and nothing else reads."""

from shared.review_links import LinkSettings, make_token, read_token, review_url

KEY = b"k" * 40


def test_a_token_reads_back_its_job_until_it_expires() -> None:
    token = make_token(KEY, "job_1-x", 2_000)
    assert read_token(KEY, token, now=1_999) == "job_1-x"
    assert read_token(KEY, token, now=2_001) is None


def test_a_changed_token_or_another_secret_reads_nothing() -> None:
    token = make_token(KEY, "job1", 2_000)
    job, expires, mac = token.split(".")
    assert read_token(KEY, f"job2.{expires}.{mac}", now=0) is None
    assert read_token(KEY, f"{job}.9999999999.{mac}", now=0) is None
    assert read_token(b"other" * 8, token, now=0) is None
    assert read_token(KEY, "no-dots", now=0) is None


def test_a_link_needs_both_the_secret_and_the_public_address() -> None:
    none = LinkSettings(review_link_secret=None, public_url="https://grim.example")
    assert review_url(none, "j", 10) is None
    full = LinkSettings(review_link_secret="s" * 32, public_url="https://grim.example/")
    url = review_url(full, "j", 10)
    assert url is not None and url.startswith("https://grim.example/review/j.10.")
