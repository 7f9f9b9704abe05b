# Two commands do all set-up on a fresh machine: `make site` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_BOOT ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Committed notebooks keep plotly's small, deterministic JSON output (see README, "nbval policy").
export PLOTLY_RENDERER ?= plotly_mimetype
# nbval: every notebook re-executes and its stored outputs must reproduce.
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))

.PHONY: help install test lint format unit nbval notebooks site lab bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON_BOOT) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(STAMP) ## create .venv and install the project (only when pyproject.toml changed)

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(STAMP) lint ## install, then ruff, unit tests and nbval on every notebook
	$(BIN)/python -m pytest tests notebooks $(NBVAL)

unit: $(STAMP) ## unit tests only (no notebooks)
	$(BIN)/python -m pytest tests

nbval: $(STAMP) ## nbval on every notebook only
	$(BIN)/python -m pytest notebooks $(NBVAL)

notebooks: $(STAMP) ## re-execute and save every notebook in a clean kernel
	$(BIN)/python -m soleuslib.execute $(NOTEBOOKS)

site: $(STAMP) ## install, execute the notebooks and render the static site into _build/html
	rm -rf _build/html _build/jupyter_execute
	$(BIN)/jupyter-book build . --config site/_config.yml --toc site/_toc.yml --path-output _build/book
	rm -rf _build/html && mv _build/book/_build/html _build/html && rm -rf _build/book
	@echo "Site ready: open file://$(CURDIR)/_build/html/index.html"

lab: $(STAMP) ## JupyterLab on notebooks/, listening on 127.0.0.1 only
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.open_browser=False --ServerApp.root_dir=notebooks

bench: $(STAMP) ## measure import, data loading and notebook execution against a bare kernel
	$(BIN)/python benchmarks/run.py

clean: ## remove build outputs (keeps .venv)
	rm -rf _build handouts .pytest_cache
