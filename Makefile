# Every target sets itself up: a fresh machine with only Python needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/mcc demo

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

# one worker per core, each test file on one worker (its module fixtures are built once)
unit: $(STAMP)
	$(BIN)/pytest -n auto --dist loadfile

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py $(if $(USERS),--users $(USERS))

clean:
	rm -rf $(VENV) mcc.duckdb mcc.duckdb.wal demo.duckdb demo.duckdb.wal demo.duckdb.chat.sqlite out
