# The two commands of the README: `make demo` and `make test`. Both set up what they need first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo lab test lint bench clean

$(BIN)/casework: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

setup: $(BIN)/casework

## Build the demo case and write its submissions (HTML and PDF).
demo: setup
	$(BIN)/casework demo

## The demo, then JupyterLab on notebooks/ (open case.ipynb).
lab: demo
	JUPYTER_CONFIG_PATH=$(CURDIR)/jupyter $(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

## Everything: system packages when root, a throwaway PostgreSQL, lint, types, the whole suite.
test: setup
	bash scripts/test.sh

lint: setup
	$(BIN)/ruff check casework tests benchmarks
	$(BIN)/ruff format --check casework tests benchmarks
	$(BIN)/mypy

bench: setup
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
