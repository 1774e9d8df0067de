"""`grimreel doctor`'s configuration check: the shared settings, then every stage built once,
so a bad stage or provider setting (a missing key, an unknown provider, a value out of range)
is reported with all the others, not found by the first job."""

from services.catalog import build_all
from shared import topology
from shared.config import ConfigError, Settings, load_settings


def check_configuration() -> tuple[Settings | None, list[str]]:
    """The shared settings (None when they are invalid) and one line per bad value anywhere."""
    problems: list[str] = []
    try:
        settings: Settings | None = load_settings()
    except ConfigError as e:
        settings = None
        problems += _lines(e)
    probe = settings or Settings.model_construct()  # still check the stages on defaults
    for stage in topology.stages():
        try:
            build_all(probe, [stage])
        except ConfigError as e:
            problems += [f"{line} ({stage})" for line in _lines(e)]
    return settings, problems


def _lines(error: ConfigError) -> list[str]:
    lines = str(error).splitlines()
    if lines and lines[0] == "invalid configuration:":
        lines = lines[1:]
    return [line.strip() for line in lines if line.strip()]
