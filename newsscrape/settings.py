"""Scrapy settings for newsscrape (`scrapy crawl listing -a source=...` reads them via scrapy.cfg).

Defaults are polite: robots.txt obeyed, AutoThrottle on, a delay between requests to one site,
and a User-Agent that says who is crawling. Override per run with `-s NAME=VALUE`, per source in
its TOML file (`[settings]`), or the User-Agent with NEWSSCRAPE_USER_AGENT.
"""

import os

from newsscrape import __version__

BOT_NAME = "newsscrape"
SPIDER_MODULES = ["newsscrape.spiders"]
NEWSPIDER_MODULE = "newsscrape.spiders"
COMMANDS_MODULE = "newsscrape.commands"

USER_AGENT = os.environ.get(
    "NEWSSCRAPE_USER_AGENT",
    f"newsscrape/{__version__} (research crawler for press-release archives)",
)
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 0.5
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 60
RETRY_TIMES = 2
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

ITEM_PIPELINES = {
    "pipelines.normalize.NormalizePipeline": 100,
    "pipelines.dates.DatesPipeline": 200,
    "pipelines.quotes.QuotesPipeline": 250,
    "pipelines.dedup.DedupPipeline": 300,
    "pipelines.store.StorePipeline": 400,
}
DOWNLOADER_MIDDLEWARES = {
    # Retries that pause as a 429/503 asks (Retry-After), redirect loops recorded instead of
    # silently filtered, pages mislabelled UTF-8 read right (see newsscrape.middlewares).
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newsscrape.middlewares.PatientRetryMiddleware": 550,
    "newsscrape.middlewares.CharsetMiddleware": 570,
    "newsscrape.middlewares.RedirectLoopMiddleware": 610,
}
# The longest pause a Retry-After may ask for, and the first back-off of a 429/503 without it.
NEWSSCRAPE_RETRY_AFTER_MAX = 60.0
NEWSSCRAPE_RETRY_BACKOFF = 1.0
# A listing page that cannot be fetched is stepped over (page N+1 of a numbered listing) up
# to this many times in a row; its failure is recorded on the run.
NEWSSCRAPE_LISTING_GAPS = 2
# When a listing shifts while it is crawled (new releases push items to later pages), its
# first page is read again, at most this many times per crawl, for what was published.
NEWSSCRAPE_SHIFT_RECHECKS = 3
SPIDER_MIDDLEWARES = {
    "newsscrape.incremental.IncrementalMiddleware": 950,
}
EXTENSIONS = {
    "newsscrape.runs.RunRecorder": 100,
    "newsscrape.progress.LiveProgress": 200,
    "newsscrape.distributed.Coordinator": 300,  # only with NEWSSCRAPE_REDIS_URL
}
# Distributed crawling: workers of one source share a Redis frontier (scrapy-redis). Set by
# `newsscrape crawl --redis URL`, or REDIS_URL in the environment.
NEWSSCRAPE_REDIS_URL = os.environ.get("REDIS_URL") or None
# A live status line on stderr (the CLI turns it on when stderr is a terminal).
NEWSSCRAPE_PROGRESS = False

# Where the corpus lives: --db, then DATABASE_URL, then the embedded SQLite file.
NEWSSCRAPE_DATABASE_URL = os.environ.get("DATABASE_URL") or "sqlite:///newsscrape.db"
# Articles written per transaction: large enough to amortise commits, small enough that a
# crash loses little work (and resumed crawls re-fetch what was not committed).
NEWSSCRAPE_BATCH_SIZE = 50
# Who writes the batches: "process" (a writer process, another core), "inline" (the crawl's
# thread), or "auto": inline for the first NEWSSCRAPE_WRITER_AFTER articles (a short crawl
# does not pay the process's start-up), then the writer process.
NEWSSCRAPE_WRITER = "auto"
NEWSSCRAPE_WRITER_AFTER = 200
# Batches waiting for the writer before items are held back (bounds memory).
NEWSSCRAPE_WRITES_IN_FLIGHT = 2
# Incremental crawls stop paginating after this many consecutive listing items that were
# already stored (pinned or re-dated items rarely come in runs this long).
NEWSSCRAPE_STOP_AFTER = 10
# Set False to fetch every article on every page regardless of the corpus.
NEWSSCRAPE_INCREMENTAL = True
# How the run was started and by which schedule: set by `newsscrape scheduler`; a Scrapyd
# job is recognised by its `_job` spider argument.
NEWSSCRAPE_TRIGGER = "manual"
NEWSSCRAPE_SCHEDULE_ID = None
# Crawl state kept between runs: Scrapy's JOBDIR per source, so a crawl stopped gracefully
# continues where it stopped (see newsscrape.jobstate). Used by `newsscrape crawl`.
NEWSSCRAPE_STATE_DIR = os.environ.get("NEWSSCRAPE_STATE_DIR", ".newsscrape")
# Extra directory of user source files (also NEWSSCRAPE_SOURCES_DIR).
NEWSSCRAPE_SOURCES_DIR = None
