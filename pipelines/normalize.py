"""Normalize text fields: NFC, entities decoded, whitespace collapsed, typographic marks kept."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newsscrape.extraction.text import normalize_paragraphs, normalize_text
from newsscrape.signals import report_issue
from pipelines import CrawlerPipeline, timed


class NormalizePipeline(CrawlerPipeline):
    def process_item(self, item: Any, spider: Any = None) -> Any:
        adapter = ItemAdapter(item)
        with timed(self.crawler.stats, "normalize"):
            for key in ("headline", "teaser", "published_raw"):
                if key in adapter:
                    adapter[key] = normalize_text(adapter.get(key)) or None
            if "body" in adapter:
                adapter["body"] = normalize_paragraphs(adapter.get("body") or [])
            if adapter.get("language"):
                adapter["language"] = adapter["language"].strip().lower() or None
        if not adapter.get("headline") and not adapter.get("body"):
            # Nothing to store: almost always a page whose markup the source does not match.
            self.crawler.stats.inc_value("newsscrape/articles/failed")
            report_issue(
                self.crawler,
                "error",
                "empty_article",
                adapter.get("url"),
                "no headline and no body found (markup changed or wrong selectors?)",
            )
            raise DropItem("no headline and no body", log_level="INFO")
        return item
