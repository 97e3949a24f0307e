"""Run a crawl from Python or the CLI: validate first, then hand over to Scrapy.

Everything that can be checked before the reactor starts (the source, the spider arguments,
the database) is checked here, so a typo ends with one clear line instead of a traceback from
inside Scrapy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from newsscrape import jobstate, logmask
from newsscrape.discovery import Discovered
from newsscrape.jobstate import job_dir
from newsscrape.logmask import mask_text
from newsscrape.runs import RunRecorder
from newsscrape.sources import Source, SourceError
from newsscrape.spiders.listing import ListingSpider, load_params
from newsscrape.storage.db import ensure_schema, make_engine, mask_url, resolve_url


@dataclass(slots=True)
class CrawlResult:
    run_id: int | None
    # The full URL, password included (the caller reconnects with it): kept out of the repr
    # so that logging or printing a result cannot show it.
    database_url: str = field(repr=False)
    error: str | None = None
    source: Source | None = None
    discovered: Discovered = field(default_factory=Discovered)


def crawl_settings(
    database_url: str, overrides: Mapping[str, Any] | None = None, log_level: str = "INFO"
) -> Settings:
    """The project settings plus command-line overrides (which win over source settings).

    The database and Redis URLs are settings with their passwords, because the extensions
    connect with them; what Scrapy logs of its settings is masked by `logmask`.
    """
    settings = Settings()
    settings.setmodule("newsscrape.settings", priority="project")
    settings.set("NEWSSCRAPE_DATABASE_URL", database_url, priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def check_redis(url: str) -> None:
    """Fail before the crawl starts when the Redis frontier cannot be reached.

    Any exception is one clear line: redis-py raises ValueError for a bad scheme, TypeError
    for an unknown query option, RedisError for the rest. Its text is masked too, in case a
    version of it echoes the URL.
    """
    import redis

    client = None
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5)
        client.ping()
    except Exception as exc:
        reason = mask_text(str(exc).strip().splitlines()[0] if str(exc).strip() else "")
        raise SourceError(
            f"cannot reach Redis at {mask_url(url)}: {reason or type(exc).__name__}"
        ) from None
    finally:
        if client is not None:
            client.close()


def run_crawl(
    source: str | None,
    *,
    urls: Sequence[str] = (),
    database_url: str | None = None,
    max_pages: int | None = None,
    mode: str = "incremental",
    since: date | None = None,
    sources_dir: str | None = None,
    settings: Mapping[str, Any] | None = None,
    log_level: str = "INFO",
) -> CrawlResult:
    """Crawl one source into the corpus and return the run id (blocking; one per process).

    Without a source, `urls` are crawled with zero configuration (everything is inferred).
    Raises SourceError or DatabaseError before anything is fetched when the input is bad.
    Passwords in the database and Redis URLs are masked in everything the crawl logs.
    """
    logmask.install()
    spider_args: dict[str, Any] = {"mode": mode}
    if source is not None:
        spider_args["source"] = source
    if since is not None:
        spider_args["since"] = since
    if urls:
        spider_args["url"] = list(urls)
    if max_pages is not None:
        spider_args["max_pages"] = max_pages
    if sources_dir:
        spider_args["sources_dir"] = sources_dir
    _, loaded = load_params(spider_args)  # raises SourceError with one clear line
    url = resolve_url(database_url)
    engine = make_engine(url)  # raises DatabaseError with one clear line
    try:
        ensure_schema(engine)
    finally:
        engine.dispose()

    final = crawl_settings(url, settings, log_level)
    redis_url = final.get("NEWSSCRAPE_REDIS_URL")
    if redis_url:
        check_redis(redis_url)  # raises SourceError with one clear line
    jobdir = None
    # A distributed crawl keeps its frontier in Redis, not in a JOBDIR (and runs several
    # workers of one source at once, which the JOBDIR lock exists to prevent).
    if final.get("NEWSSCRAPE_STATE_DIR") and not final.get("JOBDIR") and not redis_url:
        jobdir = job_dir(final["NEWSSCRAPE_STATE_DIR"], loaded.name)
        try:
            jobstate.acquire(jobdir)
        except jobstate.SourceBusy as exc:
            raise SourceError(f"{loaded.name}: {exc}") from None
        final.set("JOBDIR", str(jobdir / "scrapy"), priority="cmdline")
    process = CrawlerProcess(final)
    crawler = process.create_crawler(ListingSpider)
    try:
        process.crawl(crawler, **spider_args)
        process.start()
    finally:
        if jobdir is not None:
            reason = crawler.stats.get_value("finish_reason")
            jobstate.release(jobdir, finished=reason not in ("shutdown", "cancelled"))
    recorder = crawler.get_extension(RunRecorder)
    spider = crawler.spider
    return CrawlResult(
        run_id=recorder.run_id if recorder else None,
        database_url=url,
        error=crawler.stats.get_value("newsscrape/error"),
        source=loaded,
        discovered=getattr(spider, "discovered", None) or Discovered(),
    )
