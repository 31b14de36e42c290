# khabar: `make demo` and `make test` are the whole set-up. Both create .venv on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Commands the tests use and the Debian package of each (command:package): Prometheus (server
# and promtool), docker-compose (config check), kubectl (kustomize), Java and Maven (the
# local Apache Kafka the integration tests run on; Maven fetches its jars), Chromium (the
# explorer's browser tests drive it with Playwright, which downloads no browser of its own).
DEBIAN_TOOLS := promtool:prometheus docker-compose:docker-compose kubectl:kubectl \
	java:default-jre-headless mvn:maven chromium:chromium

.PHONY: demo test lint typecheck pytest system-deps kafka-jars eval bench clean lock sbom

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { $(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip

# Dependencies come from the hashed locks in requirements/ (make lock rewrites them from
# pyproject.toml); khabar itself is installed on top, editable, without resolving anything.
$(VENV)/.installed-run: pyproject.toml requirements/run.lock | $(BIN)/python
	$(BIN)/python -m pip install -q --require-hashes -r requirements/run.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml requirements/dev.lock | $(BIN)/python
	$(BIN)/python -m pip install -q --require-hashes -r requirements/dev.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@ $(VENV)/.installed-run

# The locks are for CPython 3.11 on Linux x86_64 (CI and the image). worker.lock: what the image
# installs; run.lock: + the embedded broker (make demo); dev.lock: + the test tools.
PIP_COMPILE := $(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links
lock: $(VENV)/.installed-dev
	$(PIP_COMPILE) --output-file requirements/worker.lock pyproject.toml
	$(PIP_COMPILE) --extra embedded --output-file requirements/run.lock pyproject.toml
	$(PIP_COMPILE) --extra embedded --extra dev --output-file requirements/dev.lock pyproject.toml
	$(MAKE) sbom

# The image's SBOM (CycloneDX), from the worker lock; reproducible, checked by the tests.
sbom: $(VENV)/.installed-dev
	$(BIN)/cyclonedx-py requirements requirements/worker.lock --pyproject pyproject.toml \
		--output-reproducible -o deploy/sbom/khabar-worker.cdx.json

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

# The Apache Kafka jars, from Maven Central on the first run (cached outside the checkout).
kafka-jars: $(VENV)/.installed-dev system-deps
	$(BIN)/python -c "from workers.brokers.kafka import kafka_libs; print('Apache Kafka jars:', kafka_libs())"

pytest: $(VENV)/.installed-dev system-deps kafka-jars
	$(BIN)/pytest

test: lint typecheck pytest

eval: $(VENV)/.installed-dev
	@for script in tests/eval/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

bench: $(VENV)/.installed-dev
	@for script in benchmarks/*_bench.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis .khabar-data demo-output.jsonl
