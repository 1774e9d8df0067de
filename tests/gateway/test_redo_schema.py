"""The OpenAPI schema of a redo body accepts what RedoRequest accepts, sample by sample: the
text patterns and the no-scene rule restate its validators."""

from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from services.gateway.openapi_redo import components
from shared.redo import RedoRequest

SAMPLES: list[dict[str, Any]] = [
    {},
    {"scene": None},
    {"scene": 2},
    {"scene": 0, "picture": True, "voice": True, "seed": 7},
    {"scene": 1, "narration": "the rope went slack\nand then taut"},
    {"scene": 1, "narration": "   "},
    {"scene": 1, "narration": "bell\u0007"},
    {"scene": 1, "image_prompt": "zero\u200bwidth"},
    {"scene": 1, "image_prompt": " a well "},
    {"voice": True},
    {"picture": False, "preview": True},
    {"scene": None, "seed": 3},
    {"narration": "words"},
    {"scene": -1},
    {"scene": 1, "seed": 2**32},
    {"scene": 1, "tone": "folk"},
]


def accepted(body: dict[str, Any]) -> bool:
    try:
        RedoRequest.model_validate(body)
        return True
    except ValidationError:
        return False


@pytest.mark.parametrize("body", SAMPLES)
def test_the_schema_and_the_model_agree(body: dict[str, Any]) -> None:
    schema = components()["RedoRequest"]
    valid = jsonschema.Draft202012Validator(schema).is_valid(body)
    assert valid == accepted(body), body
