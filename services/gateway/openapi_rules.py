"""JobRequest's checks that live in validators, restated as JSON Schema patterns.

pydantic exports field constraints, not field_validator code; without these, clients (and
schemathesis) would think a body valid that the API refuses. test_openapi_rules keeps the
patterns honest against the validators.
"""

import sys
import unicodedata
from typing import Any


def _control_class() -> str:
    """Every Cc/Cf character but newline, as a regex class body (ranges of literal chars)."""
    bad = [
        c
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) in ("Cc", "Cf") and c != 0x0A
    ]
    ranges: list[tuple[int, int]] = []
    for c in bad:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1] = (ranges[-1][0], c)
        else:
            ranges.append((c, c))
    return "".join(_esc(a) if a == b else f"{_esc(a)}-{_esc(b)}" for a, b in ranges)


def _esc(c: int) -> str:
    # Escapes for the ASCII range keep the file readable; others stay literal characters.
    return f"\\u{c:04x}" if c < 0xA0 else chr(c)


CTRL = _control_class()
# At least 3 characters from the first non-blank to the last; no control characters.
TOPIC = f"^[^\\S{CTRL}]*[^\\s{CTRL}][^{CTRL}]+[^\\s{CTRL}][^\\S{CTRL}]*$"
STYLE = f"^[^{CTRL}]*$"
LANGUAGE = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"
EMAIL = r"^[^@\s]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}$"
WEBHOOK = r"^https?://[^\s/$.?#][^\s]*$"

RULES = {"topic": TOPIC, "style": STYLE, "language": LANGUAGE}
NULLABLE_RULES = {"email": EMAIL, "webhook_url": WEBHOOK}


def apply(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the patterns to JobRequest's component schema (in place; returned for chaining)."""
    props = schema["properties"]
    for name, pattern in RULES.items():
        props[name]["pattern"] = pattern
    for name, pattern in NULLABLE_RULES.items():
        for option in props[name]["anyOf"]:
            if option.get("type") == "string":
                option["pattern"] = pattern
    return schema
