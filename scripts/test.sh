#!/usr/bin/env bash
# The README's test command (`make test`) ends here: services, lint, types, the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
if [ -z "${CASEWORK_TEST_PG_URL:-}" ]; then eval "$(bash scripts/pg-start.sh)"; fi
export CASEWORK_TEST_PG_URL="${CASEWORK_TEST_PG_URL:-}"
BIN=.venv/bin
echo "== ruff"; $BIN/ruff check casework tests benchmarks
$BIN/ruff format --check casework tests benchmarks
echo "== mypy"; $BIN/mypy
echo "== pytest"
$BIN/python -m pytest -n 2 "$@"
