"""Downloader middlewares for hostile sites: what Scrapy's defaults would retry too eagerly,
drop without a word, or decode wrongly.

- `PatientRetryMiddleware` replaces Scrapy's RetryMiddleware: a 429 or 503 is retried after
  the server's Retry-After (capped at NEWSSCRAPE_RETRY_AFTER_MAX seconds), or after an
  exponential back-off from NEWSSCRAPE_RETRY_BACKOFF seconds, instead of at once; a server
  that asks for a pause and is hammered instead often bans the crawler.
- `RedirectLoopMiddleware` turns a redirect back to an address already in the chain into an
  error the spider records. Scrapy would follow it to its duplicate filter, which drops the
  request silently (the loop's first URL is already seen): a page lost without a trace.
- `CharsetMiddleware` reads a page labelled UTF-8 whose bytes are not UTF-8 (the classic
  cp1252 page behind a server-wide UTF-8 header) in the charset its own `<meta>` names, else
  cp1252, instead of filling the text with replacement characters.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Self
from urllib.parse import urljoin

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from newsscrape.extraction.urls import canonical_url
from newsscrape.signals import report_issue

logger = logging.getLogger(__name__)

_PAUSE_CODES = {429, 503}


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or an HTTP date), or None."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class PatientRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, with the pause a 429/503 asks for (see the module docstring)."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.max_pause = settings.getfloat("NEWSSCRAPE_RETRY_AFTER_MAX", 60.0)
        self.backoff = settings.getfloat("NEWSSCRAPE_RETRY_BACKOFF", 1.0)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        retry = super().process_response(request, response)
        if isinstance(retry, Request) and response.status in _PAUSE_CODES:
            asked = retry_after_seconds(response.headers.get(b"Retry-After"))
            attempt = retry.meta.get("retry_times", 1)
            pause = asked if asked is not None else self.backoff * 2 ** (attempt - 1)
            pause = min(pause, self.max_pause)
            if pause > 0:
                self.crawler.stats.inc_value("newsscrape/retry/paused")
                logger.info(
                    "%s answered %s; retrying in %.1f s", request.url, response.status, pause
                )
                from twisted.internet import reactor

                await maybe_deferred_to_future(deferLater(reactor, pause, lambda: None))
        return retry


class _CrawlerMiddleware:
    """Keeps the crawler, for its stats and for `report_issue`."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> Self:
        return cls(crawler)


class RedirectLoopMiddleware(_CrawlerMiddleware):
    """Fail a redirect that returns to an address already visited in its chain."""

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        location = response.headers.get(b"Location")
        if not (300 <= response.status < 400 and location):
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        chain = [*request.meta.get("redirect_urls", []), request.url]
        seen = {canonical_url(u) for u in chain}
        if canonical_url(target) in seen:
            self.crawler.stats.inc_value("newsscrape/redirect/loops")
            raise IgnoreRequest("redirect loop: " + " → ".join([*chain, target]))
        return response


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def fix_charset(body: bytes, declared: str) -> str | None:
    """The charset to read a body in when its label is wrong, or None when the label holds.

    Only a UTF-8 label is second-guessed: bytes that are not valid UTF-8 cannot be UTF-8,
    whereas any byte string is "valid" cp1252 or latin-1, so no other label can be refuted.
    """
    if declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return None
    match = _META_CHARSET.search(body[:4096])
    if match:
        named = match.group(1).decode("ascii").lower()
        if named not in ("utf-8", "utf8"):
            try:
                body.decode(named)
            except (LookupError, UnicodeDecodeError):
                pass
            else:
                return named
    return "cp1252"


class CharsetMiddleware(_CrawlerMiddleware):
    """Re-read a page whose UTF-8 label is refuted by its bytes (see `fix_charset`)."""

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        label = response.headers.get(b"Content-Type", b"").decode("latin-1")
        match = re.search(r"charset=([\w.:-]+)", label, re.I)
        if match is None:
            return response  # no header label: Scrapy already sniffs the page itself
        charset = fix_charset(response.body, match.group(1))
        if charset is None:
            return response
        self.crawler.stats.inc_value("newsscrape/charset/fixed")
        report_issue(
            self.crawler, "warning", "bad_charset", response.url,
            f"labelled {match.group(1)} but not valid UTF-8; read as {charset}",
        )  # fmt: skip
        cls = type(response) if isinstance(response, HtmlResponse) else TextResponse
        return response.replace(cls=cls, encoding=charset)
