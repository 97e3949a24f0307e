"""Compute the deduplication keys: canonical URL and content/version fingerprints.

The decision (new, updated, unchanged, duplicate) is taken by the store inside the write
transaction, against the database's unique constraints, so that it holds across runs, across
concurrent crawlers and after a crash. This stage only makes the keys.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from newsscrape.extraction.fingerprint import fingerprints
from newsscrape.extraction.urls import canonical_url
from pipelines import CrawlerPipeline, timed


class DedupPipeline(CrawlerPipeline):
    def process_item(self, item: Any, spider: Any = None) -> Any:
        adapter = ItemAdapter(item)
        with timed(self.crawler.stats, "dedup"):
            fetched = canonical_url(adapter["url"])
            canonical = canonical_url(adapter.get("canonical_url") or adapter["url"])
            adapter["canonical_url"] = canonical
            link = adapter.get("link_url")
            variants = [fetched, canonical_url(link)] if link else [fetched]
            adapter["variant_urls"] = sorted({v for v in variants if v != canonical})
            body = adapter.get("body") or []
            headline = adapter.get("headline")
            adapter["content_hash"], adapter["version_hash"] = fingerprints(
                headline, body, canonical, adapter.get("published")
            )
        return item
