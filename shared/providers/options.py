"""Job options checked at intake against the providers this process is configured with.

A provider module may declare ``choices`` (see ``Provider``): what a job may ask of it, by
JobSpec field. The gateway (POST /jobs, the ingress queue) and ``grimreel run`` read them once
through the registry, so an unknown voice is a 422 naming the field and the choices instead of
a job that fails minutes later in tts. Stage packages are named as strings: shared imports no
service, and only the configured provider's module is loaded.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import structlog
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.config import ConfigError, load_as
from shared.messages.job import JobSpec
from shared.providers.registry import find

log = structlog.get_logger("options")


@dataclass(frozen=True)
class Capability:
    kind: str  # the registry's kind
    env_prefix: str  # <prefix><setting> names the configured provider, as in the stage
    package: str  # the stage's built-in providers
    setting: str = "provider"  # render's is GRIMREEL_RENDER_RENDERER


CAPABILITIES = (
    Capability("story", "GRIMREEL_STORY_", "services.story.providers"),
    Capability("voice", "GRIMREEL_VOICE_", "services.tts.providers"),
    Capability("image", "GRIMREEL_IMAGE_", "services.visual.providers"),
    Capability("renderer", "GRIMREEL_RENDER_", "services.render.providers", "renderer"),
)


@dataclass(frozen=True)
class Offer:
    """The values one configured provider accepts for one JobSpec field."""

    kind: str
    provider: str
    field: str
    allowed: tuple[str, ...]

    def accepts(self, value: str) -> bool:
        return any(
            value == a or (a.endswith("*") and value.startswith(a[:-1])) for a in self.allowed
        )


class _Chosen(BaseSettings):
    """Only the provider's name: the capability's other knobs are its stage's to check."""

    model_config = SettingsConfigDict(extra="ignore")

    provider: str = "offline"
    renderer: str = "ffmpeg"


def configured(cap: Capability) -> str:
    return str(getattr(_Chosen(_env_prefix=cap.env_prefix), cap.setting))


def offers(capabilities: Sequence[Capability] = CAPABILITIES) -> list[Offer]:
    """What the configured providers accept. One that cannot say (no ``choices``, unknown, its
    settings incomplete here) restricts nothing: its own stage reports that when it starts."""
    out: list[Offer] = []
    for cap in capabilities:
        name = configured(cap)
        try:
            provider = find(cap.kind, name, cap.package)
            if provider.choices is None:
                continue
            table = provider.choices(load_as(provider.settings))
        except (ConfigError, ImportError) as e:
            log.warning("options.unchecked", kind=cap.kind, provider=name, error=str(e))
            continue
        out += [Offer(cap.kind, name, f, tuple(v)) for f, v in table.items()]
    return out


def option_errors(spec: JobSpec, offered: Sequence[Offer]) -> list[dict[str, str]]:
    """One entry per field the configured providers do not offer, in the API's detail shape
    (field, rule, message); the message lists the choices, never the value sent."""
    errors = []
    for o in offered:
        value = getattr(spec, o.field, None)
        if isinstance(value, str) and not o.accepts(value):
            choices = ", ".join(o.allowed)
            errors.append(
                {
                    "field": o.field,
                    "rule": "choice",
                    "message": f"the {o.kind} provider {o.provider!r} offers: {choices}",
                }
            )
    return errors
