"""Names of real people: a story must not feature one, whatever happens to them.

A horror short that puts a real person in it is either targeting them (murdered, stalked,
framed) or borrowing their fame; neither may be published. The packaged list
(public_figures.txt) holds widely known people; operators add their own names — a local
figure, a channel's own viewers — with GRIMREEL_MODERATION_NAMES_FILE, in the same format.
"""

import re
from importlib import resources
from pathlib import Path

from shared.safety.matching import alternation, normalise

PACKAGED = "public_figures.txt"


def parse(text: str) -> list[str]:
    """Names from a list file: one per line; '#' comments and '[section]' headers skipped."""
    names = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "[")):
            names.append(normalise(line))
    return names


def packaged_names() -> list[str]:
    return parse(resources.files(__package__).joinpath(PACKAGED).read_text("utf-8"))


def load(extra_file: Path | None = None) -> list[str]:
    names = packaged_names()
    if extra_file is not None:
        try:
            names += parse(Path(extra_file).read_text("utf-8"))
        except OSError as e:
            raise ValueError(f"names file {str(extra_file)!r} cannot be read: {e}") from None
    return list(dict.fromkeys(names))


def pattern(names: list[str]) -> re.Pattern[str] | None:
    # Names are literal text: "Jay-Z" or "Donald J. Trump" must not act as regex syntax.
    return alternation([re.escape(n) for n in names]) if names else None
