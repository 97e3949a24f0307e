"""Save what a zero-configuration crawl inferred as a source file the researcher can review.

The file is written by hand rather than by a TOML library: it carries comments saying where
each value came from, and it is checked by loading it back through the same validation as
any source file, so what is written is always a file `newsscrape crawl FILE` accepts.
"""

from __future__ import annotations

import json
import tomllib
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from newsscrape.discovery import Discovered
from newsscrape.discovery.pagination import page_number
from newsscrape.sources import Source, SourceError, format_validation_error


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        # A JSON string is a valid TOML basic string (same escapes, \uXXXX included).
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to a source file")


def _table(lines: list[str], name: str | None, values: dict[str, Any]) -> None:
    scalars = {k: v for k, v in values.items() if v is not None and not isinstance(v, dict)}
    if name is not None:
        lines.append("")
        lines.append(f"[{name}]")
    for key, value in scalars.items():
        lines.append(f"{key} = {_value(value)}")


def _relative(url: str, start: str) -> str:
    """Same-site URLs are written relative to the host, so the file survives a mirror."""
    a, b = urlsplit(url), urlsplit(start)
    if (a.scheme, a.netloc) == (b.scheme, b.netloc):
        return url[len(f"{a.scheme}://{a.netloc}") :] or "/"
    return url


def discovered_config(source: Source, found: Discovered) -> dict[str, Any]:
    """The source file's content: the source's own settings plus what the crawl inferred."""
    start = source.start_urls[0]
    data: dict[str, Any] = {
        "name": source.name,
        "title": source.title or None,
        "start_urls": list(source.start_urls),
    }
    if source.language:
        data["language"] = source.language
    if source.listing is not None:
        data["listing"] = source.listing.model_dump(exclude_none=True)
    elif found.listing:
        listing: dict[str, Any] = {k: v for k, v in found.listing.items() if v}
        nxt = found.pagination
        if found.api is not None and found.api_url:
            shape = page_number(found.api_url)
            api: dict[str, Any] = {
                "url": _relative(shape[0] if shape else found.api_url, start),
                "start": shape[1] if shape else 2,
                "items": found.api.items,
                "link": found.api.link,
                "headline": found.api.headline,
                "date": found.api.date,
                "teaser": found.api.teaser,
                "next": found.api.next,
            }
            if "{page}" not in api["url"]:  # the endpoint pages by its `next` key alone
                api["url"] += ("&" if "?" in api["url"] else "?") + "page={page}"
            listing["api"] = api
        elif nxt is not None and nxt.selector and nxt.how in ("rel-next", "next-link"):
            listing["next_page"] = nxt.selector
        elif nxt is not None and nxt.template:
            listing["page_url"] = _relative(nxt.template, start)
            listing["page_start"] = nxt.number or 2
        elif nxt is not None and nxt.selector:
            listing["next_page"] = nxt.selector
        data["listing"] = listing
    # Feeds and sitemaps were the fallback of a start page without a listing.
    fallback = not data.get("listing")
    feeds = list(source.feeds) or [_relative(u, start) for u in found.feeds if fallback]
    sitemaps = list(source.sitemaps) or [_relative(u, start) for u in found.sitemaps if fallback]
    if feeds:
        data["feeds"] = feeds
    if sitemaps:
        data["sitemaps"] = sitemaps
    article = source.article.model_dump(exclude_none=True)
    if not article.get("exclude"):
        article.pop("exclude", None)
    if article:
        data["article"] = article
    return data


def to_toml(data: dict[str, Any], comment: str = "") -> str:
    """A source file from `discovered_config`, validated by loading it back."""
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    _table(lines, None, data)
    listing = data.get("listing")
    if listing:
        _table(lines, "listing", listing)
        if isinstance(listing.get("api"), dict):
            _table(lines, "listing.api", listing["api"])
    if data.get("article"):
        _table(lines, "article", data["article"])
    text = "\n".join(lines) + "\n"
    try:
        Source.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:  # a bug here, not the user's: say so plainly
        raise SourceError(f"internal error writing the source file: {exc}") from None
    except ValidationError as exc:
        raise SourceError(format_validation_error(exc, "inferred source")) from None
    return text
