# The README's two commands, and the same steps CI runs (.ci/run calls `make test`).
#
#   make demo    run the kiosk on the bundled demo program
#   make test    lint, type-check and run the whole test suite
#   make lint    ruff, mypy and the import-linter layer contracts only
#   make bench   the performance benchmarks (`kiosk bench`)
#   make dist    the one-folder program in dist/kiosk/ (PyInstaller; runs without Python)
#
# The first run creates .venv with `python3 -m venv` and installs the project into it; the
# install is repeated only when pyproject.toml or the pinned versions change (stamp file
# .venv/.installed). packaging/constraints.txt pins what every kiosk installs, PySide6 included.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONSTRAINTS := packaging/constraints.txt
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help demo test lint bench venv dist

help:
	@echo "make demo    run the kiosk on the bundled demo program"
	@echo "make test    lint, type-check and run the whole test suite (PYTEST_ARGS=... to narrow)"
	@echo "make lint    ruff check, ruff format --check, mypy, import-linter (layers)"
	@echo "make bench   performance benchmarks"
	@echo "make dist    one-folder program in dist/kiosk/ (runs without Python)"

demo: $(STAMP)
	$(BIN)/kiosk demo

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/kiosk bench

# Rebuilt only when the sources, data, recipe or installed libraries change (~1 min).
dist: $(STAMP)
	$(BIN)/python packaging/build_frozen.py

venv: $(STAMP)

# Debian splits venv/ensurepip into python3-venv; say so instead of leaving a half-made .venv.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed as '$(PYTHON)' (set PYTHON=...)." >&2; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || \
		{ echo "'$(PYTHON) -m venv' is unavailable: install python3-venv (apt-get install python3-venv)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

# Order-only on the interpreter: recreating .venv must not be needed to notice a new pyproject.
$(STAMP): pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/python -m pip install -c $(CONSTRAINTS) -e '.[test]'
	@touch $@
