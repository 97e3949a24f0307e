"""`scrapy crawl listing ...` with the same up-front checks as `newsscrape crawl`.

Scrapy builds spiders inside the running reactor, where a bad argument ends in a traceback.
Validating the arguments and the database first turns that into one `UsageError` line.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newsscrape.sources import SourceError
from newsscrape.spiders.listing import ListingSpider, load_params
from newsscrape.storage.db import DatabaseError, ensure_schema, make_engine


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args and args[0] == ListingSpider.name and self.settings is not None:
            try:
                load_params(dict(opts.spargs))
                engine = make_engine(self.settings.get("NEWSSCRAPE_DATABASE_URL"))
                try:
                    ensure_schema(engine)
                finally:
                    engine.dispose()
            except (SourceError, DatabaseError) as exc:
                raise UsageError(str(exc), print_help=False) from None
        super().run(args, opts)
