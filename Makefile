# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint bench eval browser fixtures clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Crawl the bundled fixture site into newsscrape.db and print what was collected.
demo: $(STAMP)
	$(BIN)/newsscrape demo

## The whole test suite (PostgreSQL tests run when NEWSSCRAPE_TEST_POSTGRES_URL is set).
test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check newsscrape pipelines tests

bench: $(STAMP)
	$(BIN)/python bench/bench_dates.py
	$(BIN)/python bench/bench_quotes.py
	$(BIN)/python bench/bench_query.py

## Precision, recall and speaker accuracy of the quote engine on the gold set, per pattern.
eval: $(STAMP)
	$(BIN)/python -m newsscrape.quotes.evaluate eval/gold --errors

## Debian's Chromium for the browser test (tests/test_browse.py); needs root and apt.
browser:
	command -v chromium >/dev/null || apt-get install -y chromium

## Regenerate the fixture sites from their releases.json files.
fixtures:
	$(PYTHON) fixtures/generate.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
