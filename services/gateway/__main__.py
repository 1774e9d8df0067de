"""Composition root: `python -m services.gateway` serves the API on GRIMREEL_GATEWAY_HOST/PORT."""

import asyncio
import sys

from services.gateway.config import load_gateway_settings
from services.gateway.host import serve
from shared import logs
from shared.config import ConfigError


def main() -> None:
    try:
        settings = load_gateway_settings()
        logs.configure(settings.log_level, settings.log_format)
        asyncio.run(serve(settings))
    except ConfigError as e:  # settings, or a key file that cannot be used
        print(e, file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
