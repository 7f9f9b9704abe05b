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
# npm-vendored scripts the site serves itself (site/package-lock.json).
SITE_NPM := site/node_modules/.package-lock.json
# The site's own plotly.js bundle (site/plotly/): built from the npm packages, never committed,
# rebuilt only when the lock file, the build script or the bundle's contents list change.
PLOTLY_JS := site/node_modules/.cache/soleus/plotly.min.js
# The site build fails on any warning (broken citation, missing page, unknown output).
SITE_FLAGS ?= -W -n --keep-going
# `make present` listens on 127.0.0.1:$(PRESENT_PORT).
PRESENT_PORT ?= 8866

review-status: $(STAMP) ## list lessons whose clinical review is due (a report, never fails)
	@$(BIN)/python -m soleuslib.review

.PHONY: review-status help install test check lint format unit nbval notebooks site present browser-deps lab bench clean handout

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

test: $(STAMP) lint browser-deps $(SITE_NPM) $(PLOTLY_JS) ## install, then ruff, unit tests and nbval on every notebook
	$(BIN)/python -m pytest tests notebooks $(NBVAL)

# The inner loop: nbval on the notebooks changed since main (plus the ones listing the lessons).
CHANGED_NOTEBOOKS = $(shell $(BIN)/python -m soleuslib.devloop changed-notebooks)
# Fewer hypothesis examples in the inner loop; `make test` runs the full profile.
check: $(STAMP) ## the inner loop (about 30 s): ruff, unit tests without browser or slow ones, nbval on changed notebooks
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	SOLEUS_HYPOTHESIS=quick $(BIN)/python -m pytest tests -q -m "not browser and not slow" \
	  $(NBVAL) $(CHANGED_NOTEBOOKS)

unit: $(STAMP) $(SITE_NPM) $(PLOTLY_JS) ## unit tests only (no notebooks, no browser)
	$(BIN)/python -m pytest tests -m "not browser"

nbval: $(STAMP) ## nbval on every notebook only
	$(BIN)/python -m pytest notebooks $(NBVAL)

notebooks: $(STAMP) ## re-execute and save every notebook (NB=path: that one, and 00/99 if the lesson list changed)
	$(BIN)/python -m soleuslib execute \
	  $(if $(NB),$$($(BIN)/python -m soleuslib.devloop to-execute $(NB)),$(NOTEBOOKS))

site: $(STAMP) $(SITE_NPM) $(PLOTLY_JS) ## install, then render the committed notebook outputs (no kernel) into the offline static site _build/html
	rm -rf _build/html _build/book
	mkdir -p _build
	$(BIN)/python -m soleuslib toc > _build/_toc.yml
	$(BIN)/jupyter-book build . --config site/_config.yml --toc _build/_toc.yml \
	  --path-output _build/book $(SITE_FLAGS)
	mv _build/book/_build/html _build/html && rm -rf _build/book
	@echo "Site ready: open file://$(CURDIR)/_build/html/index.html"

$(SITE_NPM): site/package.json site/package-lock.json
	npm ci --prefix site --no-audit --no-fund
	@touch $@

$(PLOTLY_JS): $(SITE_NPM) site/plotly/build.mjs site/plotly/bundle.json
	node site/plotly/build.mjs $@

browser-deps: ## Debian's Chromium for the browser tests (installed only when missing)
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

present: $(STAMP) ## the patient view (warning signs, triage form, exercise plan; no code) on 127.0.0.1; Ctrl-C stops it
	$(BIN)/python -m soleuslib present --port $(PRESENT_PORT)

PARAMS ?= examples/handout_params.yaml
PAPER ?= a4
handout: $(STAMP) ## render a patient handout into handouts/ (PARAMS=file.yaml; PDF=1 PAPER=a4|letter)
	@$(BIN)/python -m soleuslib handout --params $(PARAMS) $(if $(PDF),--pdf --paper $(PAPER))

lab: $(STAMP) ## JupyterLab on notebooks/, listening on 127.0.0.1 only
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.open_browser=False --ServerApp.root_dir=notebooks \
		$(if $(filter 0,$(shell id -u)),--allow-root)

bench: $(STAMP) ## measure import, data loading and notebook execution against a bare kernel
	$(BIN)/python benchmarks/run.py

clean: ## remove build outputs (keeps .venv)
	rm -rf _build handouts .pytest_cache
