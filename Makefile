# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
FUNDUS ?= ../shared/fundus-dev
BENCH_ARTICLES ?= 5000
BENCH_SWEEP ?= 1000,5000,20000

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
	$(BIN)/python bench/bench_crawl.py --articles $(BENCH_ARTICLES) --rss-sweep $(BENCH_SWEEP)

## Quote engine on the gold set (precision, recall, speakers, per pattern); the fixture sites
## crawled configured and with zero configuration; article extraction on real pages (Fundus).
eval: $(STAMP)
	$(BIN)/python -m newsscrape.quotes.evaluate eval/gold --errors
	$(BIN)/python -m newsscrape.quotes.evaluate eval/fresh --target 0
	$(BIN)/python -m newsscrape.quotes.evaluate eval/fresh2 --target 0
	$(BIN)/python -m newsscrape.quotes.evaluate eval/real --target 0
	$(BIN)/python -m newsscrape.evaluation.sites
	$(BIN)/python -m newsscrape.evaluation.articles $(FUNDUS)

## Debian's Chromium for the browser test (tests/test_browse.py); needs root and apt.
browser:
	command -v chromium >/dev/null || apt-get install -y chromium

## Regenerate the fixture sites from their releases.json / articles.json files.
fixtures:
	$(PYTHON) fixtures/generate.py
	$(PYTHON) fixtures/sites/build.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
