# Every target installs what it needs first: `make demo` and `make test` work on a fresh clone.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
# pip on some machines lists local wheel folders that do not exist; its warnings are noise.
QUIET_PIP := grep -v "is ignored: it is neither a file nor a directory" || true

.PHONY: install demo serve test test-sqlite test-postgres test-e2e lint bench clean

$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing locked dependencies into $(VENV)…"
	@$(BIN)/python -m pip install --quiet --upgrade pip 2>&1 | $(QUIET_PIP)
	@$(BIN)/python -m pip install --quiet -r requirements.lock 2>&1 | $(QUIET_PIP)
	@$(BIN)/python -m pip install --quiet --no-deps -e . 2>&1 | $(QUIET_PIP)
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/accord demo

serve: install
	$(BIN)/accord serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/accord makemigrations --check --dry-run

test-sqlite: install
	@echo "== Test suite on SQLite =="
	DATABASE_URL= $(BIN)/pytest -q -m "not e2e"

# CI always sets ACCORD_TEST_POSTGRES_URL (see .ci/run); without it, say so and fail in CI.
test-postgres: install
	@if [ -n "$$ACCORD_TEST_POSTGRES_URL" ]; then \
		echo "== Test suite on PostgreSQL =="; \
		DATABASE_URL="$$ACCORD_TEST_POSTGRES_URL" $(BIN)/pytest -q -m "not e2e"; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL run required in CI but ACCORD_TEST_POSTGRES_URL is not set." >&2; exit 1; \
	else \
		echo "== PostgreSQL run not done: set ACCORD_TEST_POSTGRES_URL=postgres://user:pass@host/db to run it =="; \
	fi

test-e2e: install
	@echo "== Browser journeys (headless Chromium) =="
	$(BIN)/pytest -q -m e2e tests/e2e

# The SQLite and PostgreSQL runs are independent: run side by side (one core each), each run's
# output printed whole when it ends, then the browser journeys.
test: lint
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres
	@$(MAKE) --no-print-directory test-e2e

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var
