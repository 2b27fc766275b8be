# The two set-up commands of the README: `make run` and `make test`.
# Each creates .venv and installs what it needs on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test venv install install-test system-test fmt lint clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e .
	bash scripts/install-frontend.sh
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[test,dev]'
	bash scripts/install-frontend.sh
	touch $@ $(STAMP_RUN)

install: $(STAMP_RUN)
install-test: $(STAMP_TEST)

## run: validate the graph, then serve it (endpoint, editor, linked data) and print the URLs
run: install
	$(BIN)/darmstadt-kg run

## system-test: Debian packages the tests drive for real (Chromium for the browser tests)
system-test:
	bash scripts/install-system-deps.sh

## test: install everything the tests need and run them
test: install-test system-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

fmt: install
	$(BIN)/darmstadt-kg fmt

lint: install-test
	$(BIN)/ruff check src tests

clean:
	rm -rf $(VENV) build dist .pytest_cache

## golden: regenerate the expected answers of the question library (review the diff!)
golden: install-test
	DARMSTADT_KG_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_queries.py

## bench: the benchmarks against Oxigraph's server, tuned Virtuoso, rdflib and Chromium (load: wrk); writes benchmarks/RESULTS.md
bench: install-test
	bash scripts/install-system-deps.sh
	bash scripts/virtuoso.sh install
	BENCH_COMMAND="make bench" $(BIN)/python -m benchmarks.run $(BENCH_ARGS)
