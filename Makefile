# The two set-up commands of the README: `make run` and `make test`.
# Each creates .venv and installs what it needs on a fresh machine; with NO_INSTALL=1 every
# target uses the environment in VENV as it is and installs nothing (the documentation's tests
# run `make` that way: `make lint NO_INSTALL=1 VENV=/path/to/env`).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
# `make run HOST=0.0.0.0 PORT=8080 WORKERS=1`: where and how `run` serves (not read from the
# environment, where HOST and PORT often mean something else)
HOST    := 127.0.0.1
PORT    := 8000
WORKERS :=

.PHONY: run test venv install install-test system-test fmt lint clean bench notebooks

$(BIN)/python:
	PYTHON=$(PYTHON) bash scripts/install-prerequisites.sh
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

## system-test: the Debian packages the tests drive for real (chromium, virtuoso-opensource,
## nginx-light, apache2, wrk); the tests only check that they are there
ifeq ($(NO_INSTALL),1)
install install-test system-test:
	@:
else
install: $(STAMP_RUN)
install-test: $(STAMP_TEST)
system-test:
	bash scripts/install-system-deps.sh
endif

## run: validate the graph, then serve it (endpoint, editor, linked data) and print the URLs
run: install
	DARMSTADT_KG_INVOKED_AS="make run" $(BIN)/darmstadt-kg run --host $(HOST) --port $(PORT) \
		$(if $(WORKERS),--workers $(WORKERS))

## test: install everything the tests need and run them, in TEST_PROCESSES pytest-xdist worker
## processes (one module stays in one process: its fixtures are made once; the longest modules
## first, tests/conftest.py), naming the 10 slowest
TEST_PROCESSES := 2
test: install-test system-test
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) --dist loadfile --no-loadscope-reorder \
		--durations=10 $(PYTEST_ARGS)

fmt: install
	$(BIN)/darmstadt-kg fmt

## lint: the code as ruff wants it: its checks, and its formatting (`ruff format` fixes that)
lint: install-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

clean:
	rm -rf $(VENV) build dist .pytest_cache

## golden: regenerate the expected answers of the question library (review the diff!)
golden: install-test
	DARMSTADT_KG_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_queries.py

## bench: bench-endpoint, then load, queries and the explorer beside Oxigraph's server, tuned
## Virtuoso, rdflib and Chromium; writes benchmarks/RESULTS.md
bench: install-test system-test bench-endpoint
	BENCH_COMMAND="make bench" $(BIN)/python -m benchmarks.run $(BENCH_ARGS)

## bench-endpoint: serve beside Oxigraph's server, unguarded and time-limited, side by side in
## interleaved rounds (wrk, c=1 and c=16, medians, equal answers only, uncached); writes
## benchmarks/ENDPOINT.md (~7 min)
.PHONY: bench-endpoint
bench-endpoint: install-test system-test
	$(BIN)/python -m benchmarks.endpoint_bench $(ENDPOINT_ARGS)

## notebooks: run the tutorials afresh and store their outputs (tables, charts, map) in them
notebooks: install-test
	$(BIN)/python -m darmstadt_kg.charts.notebooks notebooks/*.ipynb
