"""What a stage raises when one scene's provider work fails: the scene number is always in it.

Retrying cannot help a refusal (bad key, unknown voice, refused prompt) or a bad request
(ValueError): those are Permanent at once. Anything else is raised for the runtime to retry
with its delays, except on the last attempt, where it becomes Permanent too, so the job.failed
message carries the scene number as a field and not only in the text. Used by tts and visual.
"""

from shared.providers.errors import ProviderRefused, ProviderUnavailable
from shared.runtime.errors import Permanent


class SceneFailed(Exception):
    """One scene failed in a way a later delivery may fix (the runtime retries it)."""


def scene_failure(scene: int, error: Exception, *, final: bool) -> Exception:
    if isinstance(error, Permanent):
        return Permanent(f"scene {scene}: {error}", scene=scene)
    known = isinstance(error, ProviderRefused | ProviderUnavailable | ValueError)
    what = str(error) if known else f"{type(error).__name__}: {error}"
    reason = f"scene {scene}: {what}"
    if isinstance(error, ProviderRefused | ValueError) or final:
        return Permanent(reason, scene=scene)
    return SceneFailed(reason)
