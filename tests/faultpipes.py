"""A pipeline stage that raises on one article: our own code failing on some page, which
Scrapy would only log. Loaded by a crawl in tests/test_faults.py through ITEM_PIPELINES."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter


class FailOnePipeline:
    def process_item(self, item: Any, spider: Any = None) -> Any:
        if ItemAdapter(item)["url"].endswith("/release-5"):
            raise ValueError("a stage that cannot cope with this article")
        return item
