# Vesta — the front door. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help install run test lint format bench clean-data

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Vesta needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install Vesta with its development tools

run: install ## Start Postgres + Redis (embedded unless DATABASE_URL/REDIS_URL), migrate, seed the demo, serve API + worker
	$(VENV)/bin/vesta dev

test: install ## Run the whole test suite against real Postgres and Redis
	$(PY) -m pytest

lint: install ## ruff check, ruff format --check, and the import-layer contracts
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install ## Run the benchmarks under bench/ (not part of the test suite)
	$(PY) bench/tenancy.py
	$(PY) bench/odp_validation.py
	$(PY) bench/planning.py
	$(PY) bench/land_charges.py
	$(PY) bench/reorg.py

clean-data: ## Stop nothing, delete nothing running: remove .vesta/ (embedded data) after stopping `make run`
	rm -rf .vesta
