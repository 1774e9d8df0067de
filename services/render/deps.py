"""What the render stage is built with: storage, a renderer, and the knobs of the look and sound."""

from dataclasses import dataclass
from pathlib import Path

from services.render.renderer import Renderer
from services.render.settings import RenderSettings
from shared.storage.base import Storage


@dataclass(frozen=True)
class RenderDeps:
    storage: Storage
    renderer: Renderer
    settings: RenderSettings
    scratch_dir: Path | None = None  # None: the system's temporary folder
