"""Items that travel from the spider through the pipelines (dataclasses, via itemadapter)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(slots=True)
class Article:
    """One release as fetched. Pipelines fill the derived fields in order.

    The raw date string is kept beside the parsed value so a bad parse can be audited and
    re-run; `published` carries exactly the precision the page gave (a date, or a time, with a
    zone only when the page named one).
    """

    url: str
    source: str
    fetched_at: datetime
    headline: str | None = None
    body: list[str] = field(default_factory=list)
    teaser: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    published_raw: str | None = None
    listing_url: str | None = None
    # The link that led here when a redirect moved the article elsewhere: recorded as a
    # variant so the next incremental crawl recognises the link without fetching it.
    link_url: str | None = None
    # Filled by the pipelines.
    canonical_url: str | None = None
    # Other canonicalized addresses of the same page (the fetched URL when the page names
    # another canonical): recorded so later runs recognise them before fetching.
    variant_urls: list[str] = field(default_factory=list)
    published: str | None = None
    published_date: date | None = None
    content_hash: str | None = None
    version_hash: str | None = None
    # Quote records (newsscrape.quotes.extract.Quote.as_dict()), kind "quote" or "term".
    quotes: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
