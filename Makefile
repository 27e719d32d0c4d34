# The whole set-up is two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench bench-scale eval

install: $(STAMP)

$(STAMP): pyproject.toml clients/python/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# The CPU wheel first: an unpinned torch would pull a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pip install --quiet -e "./clients/python[langgraph]"
	touch $(STAMP)

run: install  ## install everything and serve on embedded defaults (SQLite + Qdrant edge)
	$(BIN)/memsvc serve

test: install  ## install everything, lint, and run the whole test suite
	$(BIN)/ruff check .
	MEMSVC_TORCH_THREADS=1 $(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: install  ## ingest throughput vs raw encoder, search latency, peak memory
	$(BIN)/memsvc bench ingest --data ../shared/data/locomo/locomo_dev.json

bench-scale: install  ## a real `memsvc serve` built to 100k turns over 1k users through REST (~30 min)
	$(BIN)/memsvc bench scale --data ../shared/data/locomo/locomo_dev.json --out eval/results/scale
