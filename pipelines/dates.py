"""Parse the raw date string into `published` (ISO, with exactly the precision given).

The fast path handles the common formats; dateparser is the fallback for other languages and
relative dates, resolved against the fetch time. An unparseable or missing date never drops
an article: it is stored without a date and the run records a warning.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from itemadapter import ItemAdapter

from newsscrape.extraction.dates import parse_date
from newsscrape.signals import report_issue
from pipelines import CrawlerPipeline, timed


class DatesPipeline(CrawlerPipeline):
    def _hints(self) -> tuple[list[str] | None, str | None]:
        source = getattr(self.crawler.spider, "source", None)
        return source.date_hints() if source is not None else (None, None)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        adapter = ItemAdapter(item)
        raw = adapter.get("published_raw")
        url = adapter.get("url")
        stats = self.crawler.stats
        if not raw:
            stats.inc_value("newsscrape/dates/missing")
            report_issue(self.crawler, "warning", "no_date", url, "no publication date found")
            return item
        languages, order = self._hints()
        fetched_at = adapter.get("fetched_at")
        with timed(stats, "dates"):
            parsed = parse_date(raw, fetched_at=fetched_at, languages=languages, date_order=order)
        if parsed is None:
            stats.inc_value("newsscrape/dates/unparsed")
            report_issue(self.crawler, "warning", "bad_date", url, f"unparseable date {raw!r}")
            return item
        stats.inc_value(f"newsscrape/dates/{parsed.method}")
        zone = getattr(getattr(self.crawler.spider, "source", None), "timezone", None)
        if zone and parsed.has_time and not parsed.has_tz:
            # A time written without a zone is the site's local time (source `timezone`).
            parsed = replace(parsed, value=parsed.value.replace(tzinfo=ZoneInfo(zone)))
        adapter["published"] = parsed.iso()
        adapter["published_date"] = parsed.day
        if fetched_at is not None and parsed.day > (fetched_at + timedelta(days=1)).date():
            report_issue(self.crawler, "warning", "future_date", url, f"date in the future {raw!r}")
        return item
