# Quick start: `make run` opens the app, `make test` runs the whole suite.
# Each target creates .venv on a fresh clone and reinstalls when pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ARGS   ?=

# Bytecode caches are written even where the environment turns them off: otherwise every
# start of the app, every test worker and every command a test starts compiles the same
# modules again. Installs skip compiling up front; what is imported is compiled once.
unexport PYTHONDONTWRITEBYTECODE

# A fresh clone spent most of its set-up fetching packages one after another. uv fetches
# them side by side (on two cores: about 6 s for the venv and the test extras, against 20 s
# with pip), so the venv is made without pip and uv is put in it first. Where uv cannot be
# had or fails, the venv gets pip and pip installs as before.
define install
	if [ -x $(BIN)/uv ] && $(BIN)/uv pip install --quiet --python $(BIN)/python $(1); then :; else \
	  $(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip --default-pip >/dev/null; \
	  $(BIN)/python -m pip install --quiet --no-compile --disable-pip-version-check $(1); fi
endef

.PHONY: run test test-deep lint checks bench demo clean

run: $(VENV)/.installed
	$(BIN)/companion $(ARGS)

demo: $(VENV)/.installed
	$(BIN)/companion demo

# The suite waits on the terminal loop and on the processes it starts part of the time, so
# it runs two workers a core: on two cores, four took 147-154 s where three took 165-167 s
# in the same phase of the machine, and five no less than four. An idle worker takes tests
# another has not started yet (worksteal), so none is left running a long queue alone.
WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 2) * 2 )))

# Lint first, then the suite. The core's types are checked beside the suite rather than
# before it: mypy runs at the lowest priority, on the core the collection leaves idle and
# the time the workers spend waiting, and its verdict is printed when the suite ends
# (either failing fails the target). On a fresh clone every worker would compile the same
# modules and rewrite the same test files at once (12 s before the first test); one
# collection first leaves them compiled for all four (10 s in all).
test: checks
	@nice -n 19 $(BIN)/mypy >$(VENV)/mypy.out 2>&1 & types=$$!; \
	[ -d tests/__pycache__ ] || $(BIN)/python -m pytest -q --collect-only -p no:cacheprovider >/dev/null 2>&1; \
	$(BIN)/python -m pytest -q -n $(WORKERS) --dist worksteal; suite=$$?; \
	wait $$types; typed=$$?; echo "mypy: $$(cat $(VENV)/mypy.out)"; \
	[ $$suite -eq 0 ] && [ $$typed -eq 0 ]

# Every property with all the examples it was written with (docs/testing.md, "Properties").
test-deep: lint
	COMPANION_DEEP_TESTS=1 $(BIN)/python -m pytest -q -n $(WORKERS) --dist worksteal

# Lint alone: mistakes and sorted imports, the format, the layers (settings in
# pyproject.toml; docs/architecture.md, "Habits"), then the core's types.
lint: checks
	$(BIN)/mypy

checks: $(VENV)/.installed-test
	$(BIN)/ruff check companion screens tests prompts
	$(BIN)/ruff format --check companion screens tests prompts
	$(BIN)/lint-imports --no-cache

bench: $(VENV)/.installed-test
	$(BIN)/python -m tests.benchmarks

$(BIN)/python:
	$(PYTHON) -m venv --without-pip $(VENV)
	-$(PYTHON) -m pip --python $(BIN)/python install --quiet --disable-pip-version-check uv

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(call install,-e .)
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(call install,-e '.[test]')
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis .mypy_cache .import_linter_cache
