"""The OpenAPI patterns for JobRequest agree with its validators, sample by sample."""

import re

import pytest
from pydantic import ValidationError

from services.gateway import openapi_rules
from shared.messages.job import JobRequest

SAMPLES = {
    "topic": [
        "abc",
        "  a b ",
        "ab",
        "   ",
        "a\tbc",
        "abc\u200b",
        "a\nbc",
        "\u00e9t\u00e9s",
        " x y",
    ],
    "style": ["", "noir", "a\x00b", "line\nbreak", "zero\u200bwidth"],
    "language": ["en", "pt-BR", "EN", "en\n", "e", "zh-Hant", "en-"],
    "email": ["a@b.co", "a@b.co\n", "no-at.example", "a b@c.de", "x@y.z"],
    "webhook_url": ["https://x.example/h", "ftp://x", "http://x.com\n", "http:// x", "http://a"],
}


def accepted(field: str, value: str) -> bool:
    try:
        JobRequest.model_validate({"topic": "abc", field: value})
        return True
    except ValidationError:
        return False


@pytest.mark.parametrize("field", list(SAMPLES))
def test_patterns_and_validators_agree(field: str) -> None:
    rules = {**openapi_rules.RULES, **openapi_rules.NULLABLE_RULES}
    # ECMA-262's final "$" is end of input; Python's also matches before a final newline.
    assert rules[field].endswith("$")
    pattern = re.compile(rules[field][:-1] + r"\Z")
    for value in SAMPLES[field]:
        assert (pattern.search(value) is not None) == accepted(field, value), (field, value)
