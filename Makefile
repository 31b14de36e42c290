# khabar: `make demo` and `make test` are the whole set-up. Both create .venv on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Commands the tests use and the Debian package of each (command:package): Prometheus (server
# and promtool), docker-compose (config check), kubectl (kustomize).
DEBIAN_TOOLS := promtool:prometheus docker-compose:docker-compose kubectl:kubectl

.PHONY: demo test lint typecheck pytest system-deps eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { $(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[embedded]"
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@ $(VENV)/.installed-run

demo: $(VENV)/.installed-run
	$(BIN)/khabar demo

system-deps:
	@missing=""; for cmd in $(DEBIAN_TOOLS); do \
		command -v $${cmd%%:*} >/dev/null || missing="$$missing $${cmd##*:}"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/bandit -q -c pyproject.toml -r workers

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

pytest: $(VENV)/.installed-dev system-deps
	$(BIN)/pytest

test: lint typecheck pytest

eval: $(VENV)/.installed-dev
	@for script in tests/eval/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

bench: $(VENV)/.installed-dev
	@for script in benchmarks/*_bench.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis .khabar-data demo-output.jsonl
