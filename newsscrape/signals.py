"""Custom signals and the one helper that reports a crawl issue.

Spiders and pipelines do not know where issues are stored: they send `crawl_issue`, and the
run recorder (an extension) writes it on the crawl run. Counts go to the stats collector.
"""

from __future__ import annotations

from typing import Any

crawl_issue = object()  # kwargs: severity ("error" | "warning"), kind, url, reason


def report_issue(crawler: Any, severity: str, kind: str, url: str | None, reason: str) -> None:
    """Count the issue in the stats and hand it to whoever records runs."""
    crawler.stats.inc_value(f"newsscrape/issues/{severity}")
    crawler.stats.inc_value(f"newsscrape/issues/{severity}/{kind}")
    crawler.signals.send_catch_log(
        crawl_issue, severity=severity, kind=kind, url=url, reason=reason
    )
