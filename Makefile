# Quick start: `make run` opens the app, `make test` runs the whole suite.
# Each target creates .venv on a fresh clone and reinstalls when pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ARGS   ?=

.PHONY: run test lint bench demo clean

run: $(VENV)/.installed
	$(BIN)/companion $(ARGS)

demo: $(VENV)/.installed
	$(BIN)/companion demo

# The suite waits on the terminal loop and on the processes it starts about a third of
# the time, so it runs two workers per core. Bytecode caches are written even where the
# environment turns them off, or every worker and every command a test starts would
# compile the same modules again.
WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 2) * 2 )))

test: lint
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -q -n $(WORKERS)

# Lint alone: mistakes and sorted imports, the format, the layers and the core's types
# (settings in pyproject.toml; docs/architecture.md, "Habits").
lint: $(VENV)/.installed-test
	$(BIN)/ruff check companion screens tests prompts
	$(BIN)/ruff format --check companion screens tests prompts
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

bench: $(VENV)/.installed-test
	$(BIN)/python -m tests.benchmarks

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
