"""Zero configuration: find a site's listing, pagination, feeds and sitemaps by itself.

Pure functions over page text (no Scrapy), one module per question: `listing` (which
repeated blocks are the articles), `pagination` (where the next page is), `feeds` (RSS, Atom
and sitemaps), `api` (a JSON load-more endpoint). `Discovered` collects what one crawl found,
so `newsscrape crawl --url URL --write-config FILE` can save it as a source file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsscrape.discovery.api import ApiShape
from newsscrape.discovery.pagination import NextPage


@dataclass(slots=True)
class Discovered:
    """What a crawl inferred about its source (the first of each kind it met)."""

    listing: dict[str, str | None] | None = None
    pagination: NextPage | None = None
    api: ApiShape | None = None
    api_url: str | None = None  # the first load-more page, as the listing names it
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.listing or self.api or self.feeds or self.sitemaps)
