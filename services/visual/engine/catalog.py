"""Every subject the painter knows: importing the drawing modules registers them."""

from services.visual.engine import (  # noqa: F401  (importing registers them)
    subjects_creatures,
    subjects_devices,
    subjects_home,
    subjects_lights,
    subjects_objects,
    subjects_outside,
    subjects_paper,
    subjects_people,
    subjects_rooms,
    subjects_scenes,
    subjects_sky,
    subjects_town,
)
from services.visual.engine.vocab import REGISTRY, Subject

SUBJECTS: dict[str, Subject] = dict(sorted(REGISTRY.items()))
