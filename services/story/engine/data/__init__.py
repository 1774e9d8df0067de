"""Word lists and story grammar for the offline writer, kept as data so writers can edit text
without touching code. A package (not a plain folder) so wheel builds ship the JSON files."""

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> Any:
    """The parsed JSON file `name` (without .json) from this folder; cached, never mutate it."""
    return json.loads(resources.files(__name__).joinpath(f"{name}.json").read_text("utf-8"))
