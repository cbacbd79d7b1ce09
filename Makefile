# Two commands for a newcomer: `make run` and `make test`. Both install what is missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# CI and the development machines run PostgreSQL here; tests skip it (with a reason) when unset.
TEST_DATABASE_URL ?= postgresql+psycopg://root@127.0.0.1:5432/test

.PHONY: install run test test-unit lint bench asyncapi clean lock web browser-deps

install: $(STAMP)

# Quiet on purpose: the first thing `make run` prints is the address people open. A failing
# step still shows its error.
$(STAMP): pyproject.toml requirements.lock
	@echo "installing the Python packages into $(VENV) ..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@$(BIN)/python -m pip install -q -r requirements.lock
	@$(BIN)/python -m pip install -q --no-deps -e . 2>/dev/null || $(BIN)/python -m pip install -q --no-deps -e .
	@touch $(STAMP)

# The web app (web/): `npm ci` when its lock changed, `npm run build` when anything it is built
# from changed, and only then. Until web/package.json exists there is nothing to build.
ifneq ($(wildcard web/package.json),)
WEB_MODULES := web/node_modules/.sunshine-npm-ci
WEB_DIST := web/dist/index.html
WEB_SOURCES := web/package.json $(wildcard web/package-lock.json web/index.html web/vite.config.ts \
	web/tsconfig*.json) $(shell find web/src web/public -type f 2>/dev/null)
endif

web: $(WEB_DIST)

ifneq ($(WEB_DIST),)
$(WEB_MODULES): web/package.json $(wildcard web/package-lock.json)
	@echo "installing the web app's packages (npm ci) ..."
	@cd web && npm ci --no-audit --no-fund --loglevel=error > /dev/null
	@mkdir -p $(@D) && touch $@

$(WEB_DIST): $(WEB_MODULES) $(WEB_SOURCES)
	@echo "building the web pages (npm run build; log in web/build.log) ..."
	@cd web && (npm run build > build.log 2>&1 || (cat build.log; exit 1))
	@touch $@
endif

# Debian's chromium and fonts-noto-cjk for the browser tests and the web bench (apt-get as
# root when missing; otherwise it stops and names them).
browser-deps:
	@sh tools/browser-deps.sh

run: $(STAMP) $(WEB_DIST)
	@$(BIN)/sunshine run

test: $(STAMP) $(WEB_DIST) browser-deps
ifneq ($(WEB_DIST),)
	cd web && npm test
endif
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(STAMP) $(WEB_MODULES)
	$(BIN)/ruff check shared services tools tests
	$(BIN)/ruff format --check shared services tools tests
	$(BIN)/lint-imports --no-logo
	$(BIN)/mypy
ifneq ($(WEB_DIST),)
	cd web && npm run lint && npm run typecheck
	@# The typed clients must be what web/openapi/*.json generates (sunshine openapi, then this).
	cd web && npm run api-types > /dev/null && git diff --exit-code --stat -- src/api/schema
endif

bench: $(STAMP) $(WEB_DIST) browser-deps
	$(BIN)/sunshine bench

asyncapi: $(STAMP)
	$(BIN)/sunshine asyncapi --out docs/asyncapi

# Regenerate the lock file after changing pyproject.toml.
lock:
	$(BIN)/python -m pip install -q uv==0.13.9
	$(BIN)/uv pip compile pyproject.toml --extra dev -o requirements.lock --python-version 3.11 -q

clean:
	rm -rf $(VENV) .data results
