# Two commands for a newcomer: `make run` and `make test`. Both install what is missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# CI and the development machines run PostgreSQL here; tests skip it (with a reason) when unset.
TEST_DATABASE_URL ?= postgresql+psycopg://root@127.0.0.1:5432/test

.PHONY: install run test test-unit lint bench asyncapi clean lock

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/sunshine run

test: $(STAMP)
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check shared services tools tests
	$(BIN)/ruff format --check shared services tools tests
	$(BIN)/lint-imports --no-logo
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/sunshine bench

asyncapi: $(STAMP)
	$(BIN)/sunshine asyncapi --out docs/asyncapi

# Regenerate the lock file after changing pyproject.toml.
lock:
	$(BIN)/python -m pip install -q uv==0.13.9
	$(BIN)/uv pip compile pyproject.toml --extra dev -o requirements.lock --python-version 3.11 -q

clean:
	rm -rf $(VENV) .data results
