"""Providers by name. A provider is one module that exposes ``PROVIDER = Provider(...)``: its
kind, its name, its own settings class and a factory. Lookup order:

1. the stage's built-in package (``services.tts.providers.<name>``), imported only when chosen
   so an unused SDK is never loaded;
2. the ``grimreel.providers`` entry-point group, entry ``<kind>.<name>`` (pointing at a module
   with ``PROVIDER`` or at the ``Provider`` object itself), so a user's own package adds a
   voice or an image source without forking::

       [project.entry-points."grimreel.providers"]
       "voice.myvoice" = "my_package.myvoice"
"""

import importlib
import importlib.util
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Generic, TypeVar

from pydantic_settings import BaseSettings

from shared.config import ConfigError, load_as
from shared.providers.policy import CallPolicy

ENTRY_POINT_GROUP = "grimreel.providers"
T = TypeVar("T")
S = TypeVar("S", bound=BaseSettings)


@dataclass(frozen=True)
class Kit:
    """What a stage lends the provider it builds: the capability's call policy and ffmpeg."""

    # a local provider (the offline voice, the ffmpeg renderer) makes no hosted calls
    policy: CallPolicy = field(default_factory=lambda: CallPolicy("local"))
    ffmpeg: str = "ffmpeg"


@dataclass(frozen=True)
class Provider(Generic[S, T]):
    kind: str  # the capability: "voice", "image", "story", "moderation"
    name: str  # what GRIMREEL_<KIND>_PROVIDER says
    settings: type[S]  # its own settings (env prefix, key, defaults)
    factory: Callable[[S, Kit], T]
    summary: str = ""  # one line for `grimreel doctor` and the docs
    # What a job may ask of it, by JobSpec field ({"voice": ["default", ...]}); a value ending
    # in "*" is a prefix ("en-*"). Checked at intake (shared.providers.options); None: anything.
    choices: Callable[[S], Mapping[str, Sequence[str]]] | None = None

    def create(self, kit: Kit, overrides: Mapping[str, object] | None = None) -> T:
        """Load this provider's settings (env, then overrides) and build it."""
        return self.factory(load_as(self.settings, **dict(overrides or {})), kit)


def find(kind: str, name: str, package: str) -> Provider[Any, Any]:
    """The provider ``name`` of ``kind``; ConfigError naming the known ones when there is none."""
    found = _builtin(kind, name, package) or _plugin(kind, name)
    if found is None:
        known = ", ".join(available(kind, package)) or "none"
        raise ConfigError(f"no {kind} provider named {name!r} (known: {known})")
    return found


def create(
    kind: str,
    name: str,
    package: str,
    kit: Kit,
    expect: type[T],
    overrides: Mapping[str, object] | None = None,
) -> T:
    """Find, configure and build a provider, checking it offers the capability's protocol."""
    built = find(kind, name, package).create(kit, overrides)
    if not isinstance(built, expect):
        raise ConfigError(f"{kind} provider {name!r} built a {type(built).__name__}, not a {kind}")
    return built


def available(kind: str, package: str) -> list[str]:
    """Names of the built-in providers of ``kind`` in ``package`` and those of plugins."""
    names = []
    pkg = importlib.import_module(package)
    for info in pkgutil.iter_modules(pkg.__path__):
        if _builtin(kind, info.name, package) is not None:
            names.append(info.name)
    prefix = f"{kind}."
    names += [ep.name[len(prefix) :] for ep in _entry_points() if ep.name.startswith(prefix)]
    return sorted(set(names))


def _builtin(kind: str, name: str, package: str) -> Provider[Any, Any] | None:
    if not name.isidentifier() or importlib.util.find_spec(f"{package}.{name}") is None:
        return None
    return _as_provider(importlib.import_module(f"{package}.{name}"), kind, name)


def _plugin(kind: str, name: str) -> Provider[Any, Any] | None:
    for ep in _entry_points():
        if ep.name == f"{kind}.{name}":
            found = _as_provider(ep.load(), kind, name)
            if found is None:
                raise ConfigError(f"entry point {ep.name} = {ep.value} is not a {kind} provider")
            return found
    return None


def _as_provider(obj: object, kind: str, name: str) -> Provider[Any, Any] | None:
    candidate = getattr(obj, "PROVIDER", obj)
    if isinstance(candidate, Provider) and candidate.kind == kind and candidate.name == name:
        return candidate
    return None


def _entry_points() -> list[Any]:
    return list(entry_points(group=ENTRY_POINT_GROUP))
