"""Every stage's composition root, for hosting them all in one process."""

from importlib import import_module

from shared import topology
from shared.config import Settings
from shared.runtime import Stage


def build_all(settings: Settings, only: list[str] | None = None) -> list[Stage]:
    stages: list[Stage] = []
    for name in only or topology.stages():
        stages += import_module(f"services.{name}.bootstrap").build(settings)
    return stages
