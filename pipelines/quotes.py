"""Extract direct quotes and their speakers from the article body (newsscrape.quotes).

The article's language chooses the engine's rules (an undeclared language is read as English).

The store writes them with the article, in one transaction; an article whose text is
unchanged keeps the quotes it has.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from newsscrape.quotes.extract import extract_quotes
from pipelines import CrawlerPipeline, timed


class QuotesPipeline(CrawlerPipeline):
    def process_item(self, item: Any, spider: Any = None) -> Any:
        adapter = ItemAdapter(item)
        stats = self.crawler.stats
        with timed(stats, "quotes"):
            found = extract_quotes(list(adapter.get("body") or []), adapter.get("language"))
        adapter["quotes"] = [q.as_dict() for q in found]
        quotes = sum(1 for q in found if q.kind == "quote")
        stats.inc_value("newsscrape/quotes/found", quotes)
        stats.inc_value("newsscrape/quotes/attributed", sum(1 for q in found if q.speaker))
        return item
