# dudao — the two commands a newcomer needs: `make demo` and `make test`.
# Both bootstrap .venv themselves on a machine with only Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-workers lint bench screenshots clean help

help:
	@echo "make demo   set up .venv and replay the example district's 2022 season"
	@echo "make test   set up .venv and run every test (SQLite, then PostgreSQL), ruff and the layer contract"
	@echo "make test-workers  the Prefect server + two workers test on PostgreSQL (slow)"
	@echo "make bench  print the benchmark figures (python -m benchmarks)"
	@echo "make screenshots  regenerate docs/screenshots/ (the web board in chromium)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/dudao demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# The suite on SQLite, then the ledger-touching tests again on a throwaway PostgreSQL cluster the tests start
# themselves (tests/pg_cluster.py; needs the PostgreSQL server binaries, see README "Tests"). Without them the
# PostgreSQL half says so and is skipped — except in CI (CI set), where that fails. Last lines: counts per backend.
# The two-worker test (Prefect server + worker processes, `workers` marker) takes 4 to 17 minutes: `make test-workers`.
test: lint
	@rm -f $(VENV)/tests-sqlite.txt $(VENV)/tests-postgresql.txt
	$(BIN)/python -m pytest --backend=sqlite
	$(BIN)/python -m pytest --backend=postgresql -m "not workers"
	@echo "== tests per ledger backend =="
	@cat $(VENV)/tests-sqlite.txt $(VENV)/tests-postgresql.txt

test-workers: $(STAMP)
	$(BIN)/python -m pytest --backend=postgresql -m workers

bench: $(STAMP)
	$(BIN)/python -m benchmarks

screenshots: $(STAMP)
	DUDAO_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/web/test_browser.py -q -p no:cacheprovider

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
