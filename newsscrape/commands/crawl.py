"""`scrapy crawl listing ...` with the same up-front checks as `newsscrape crawl`.

Scrapy builds spiders inside the running reactor, where a bad argument ends in a traceback.
Validating the arguments, the database and the Redis frontier first turns that into one
`UsageError` line. This is also the command Scrapyd runs, so it masks passwords in the log
the same way the `newsscrape` CLI does. (Scrapyd itself logs a job's `-s` arguments: give
Scrapyd's process the URLs as DATABASE_URL / REDIS_URL in its environment instead.)
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newsscrape import logmask
from newsscrape.sources import SourceError
from newsscrape.spiders.listing import ListingSpider, load_params
from newsscrape.storage.db import DatabaseError, ensure_schema, make_engine


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        # The first hook that runs our code before the crawler logs its settings.
        logmask.install()
        super().process_options(args, opts)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        logmask.install()
        if args and args[0] == ListingSpider.name and self.settings is not None:
            from newsscrape.crawl import check_redis

            try:
                load_params(dict(opts.spargs))
                engine = make_engine(self.settings.get("NEWSSCRAPE_DATABASE_URL"))
                try:
                    ensure_schema(engine)
                finally:
                    engine.dispose()
                redis_url = self.settings.get("NEWSSCRAPE_REDIS_URL")
                if redis_url:
                    check_redis(redis_url)
            except (SourceError, DatabaseError) as exc:
                raise UsageError(str(exc), print_help=False) from None
        super().run(args, opts)
