"""The categories grimreel refuses (docs/safety.md), and the names older findings used.

Every judge reports in these words, so a refusal reads the same whoever found it and the
combining rule (shared.safety.verdict) can merge findings of one passage across judges.
"""

CATEGORIES = (
    "minors",
    "sexual",
    "real-person",
    "self-harm",
    "hate",
    "violence-instructions",
    "torture",
)
NONE = "none"  # acceptable, including hard near-misses
REAL_PERSON = "real-person"  # reported only where a passage points at someone (persons.py)
# Earlier label sets and rule files: "self-harm-instructions" is self-harm now, and the
# lingering "gore" stories of the old sets are what the taxonomy calls torture.
LEGACY = {"self-harm-instructions": "self-harm", "gore": "torture"}


def canonical(category: str) -> str:
    """A category in today's words; an unknown one is returned unchanged (e.g. quality)."""
    return LEGACY.get(category, category)


# One line each, for refusals shown to a user (docs/safety.md has the full lines and examples).
DESCRIPTIONS = {
    "minors": "sexual content involving a minor, or grooming",
    "sexual": "explicit sexual content",
    "real-person": "harm to or defamation of a real living person",
    "self-harm": "encouraging suicide or self-harm, or its method, means or place",
    "hate": "dehumanising a protected group or calling for harm to it",
    "violence-instructions": "instructions for weapons or attacks, or praise of real attackers",
    "torture": "torture or cruelty written to be savoured",
    "gore": "gore beyond the configured level",
}


def describe(category: str) -> str:
    return DESCRIPTIONS.get(category, category)
