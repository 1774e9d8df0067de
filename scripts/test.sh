#!/usr/bin/env bash
# The project's test command: install, make sure RabbitMQ and Redis answer, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q --disable-pip-version-check -e ".[dev]"
bash scripts/services.sh
python3 -m ruff check .
python3 -m ruff format --check .
python3 -m pytest -q "$@"
