"""Composition root: `python -m services.scheduler` fires schedules until SIGTERM."""

import sys

from services.scheduler.hosting import serve
from services.scheduler.settings import SchedulerSettings
from shared import logs, loop
from shared.config import ConfigError, load_as


def main() -> None:
    try:
        settings = load_as(SchedulerSettings)
        logs.configure(settings.log_level, settings.log_format)
        loop.run(serve(settings))
    except ConfigError as e:  # settings, the schedules file or the profiles file
        print(e, file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
