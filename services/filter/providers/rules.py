"""The "rules" moderation provider: the rule lists every entry point shares (shared.safety)."""

from services.filter.settings import ModerationSettings
from shared.providers import Kit, Provider
from shared.safety.rules import RulePolicy


def make(settings: ModerationSettings, kit: Kit) -> RulePolicy:
    return RulePolicy(gore_level=settings.gore_level, names_file=settings.names_file)


PROVIDER = Provider(
    kind="moderation",
    name="rules",
    settings=ModerationSettings,
    factory=make,
    summary="block lists and context patterns, plus the names of real people",
)
