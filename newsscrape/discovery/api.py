"""JSON "load more" endpoints: find the list of items and which keys hold link, date, title.

Sites that load their listing with JavaScript fetch pages of JSON (`/api/news?page=2`,
WordPress's `/wp-json/wp/v2/posts`). Their shapes differ but not by much: somewhere is a list
of objects, each with a URL, a title and a date, and usually a pointer to the next page. This
module reads that shape once (`infer_api`) into dotted key paths, which a source file can also
give by hand (`[listing.api]`), and then reads each page with them (`read_api_page`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsscrape.extraction.dates import parse_date
from newsscrape.extraction.pages import ListingEntry
from newsscrape.extraction.text import normalize_text, unescape
from newsscrape.extraction.urls import join_url

_LINK_KEYS = ("url", "link", "href", "permalink", "canonical_url", "path", "uri", "slug")
_TITLE_KEYS = ("headline", "title", "name", "heading")
_DATE_KEYS = ("date_published", "datePublished", "published", "published_at", "publishedAt",
              "pubDate", "date", "created", "created_at", "timestamp", "time")  # fmt: skip
_TEASER_KEYS = ("summary", "excerpt", "teaser", "description", "lead", "abstract", "intro")
_NEXT_KEYS = ("next", "next_url", "nextUrl", "next_page_url", "links.next", "pagination.next",
              "meta.next", "paging.next", "_links.next.href", "links.next.href")  # fmt: skip
_TAGS = re.compile(r"<[^>]+>")
# An index or a page number: ASCII digits, short. str.isdigit() also passes "²", which int()
# rejects, and int() refuses over 4,300 digits.
_NUMBER = re.compile(r"[0-9]{1,18}")


@dataclass(slots=True)
class ApiShape:
    """Dotted key paths into a JSON listing page ("" = the document itself)."""

    items: str
    link: str
    headline: str | None = None
    date: str | None = None
    teaser: str | None = None
    next: str | None = None


@dataclass(slots=True)
class ApiPage:
    entries: list[ListingEntry] = field(default_factory=list)
    next_url: str | None = None


def get_path(data: Any, path: str | None) -> Any:
    """`a.b.0.c` into nested dicts and lists; None when any step is missing."""
    if path is None:
        return None
    if path == "":
        return data
    for step in path.split("."):
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and _NUMBER.fullmatch(step) and int(step) < len(data):
            data = data[int(step)]
        else:
            return None
    return data


def _text(value: Any) -> str | None:
    if isinstance(value, dict):  # WordPress: {"rendered": "..."}
        value = value.get("rendered") or value.get("text") or value.get("value")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return None
    return normalize_text(unescape(_TAGS.sub(" ", value))) or None


def _lists(data: Any, path: str = "") -> list[tuple[str, list[Any]]]:
    out = []
    if isinstance(data, list) and data and all(isinstance(x, dict) for x in data):
        out.append((path, data))
    if isinstance(data, dict):
        for key, value in data.items():
            out.extend(_lists(value, f"{path}.{key}" if path else str(key)))
    return out


def _looks_like_url(value: Any) -> bool:
    return isinstance(value, str) and (
        value.startswith(("http://", "https://", "/")) and " " not in value.strip()
    )


def _pick(sample: dict[str, Any], keys: tuple[str, ...], test: Any) -> str | None:
    flat = _flatten(sample)
    for key in keys:
        for path, value in flat.items():
            if (path.rsplit(".", 1)[-1] == key or path == key) and test(value):
                return path
    return None


def _flatten(data: Any, prefix: str = "", depth: int = 0) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(data, dict) and depth < 3:
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, dict) and "rendered" in value:
                out[path] = value
            elif isinstance(value, dict):
                out.update(_flatten(value, path, depth + 1))
            else:
                out[path] = value
    return out


def infer_api(data: Any) -> ApiShape | None:
    """The shape of a JSON listing page, or None when it holds no list of linked items."""
    best = None
    for path, items in _lists(data):
        sample = items[0]
        link = _pick(sample, _LINK_KEYS, _looks_like_url)
        if link is None:
            continue
        if best is None or len(items) > len(best[1]):
            best = (path, items, link, sample)
    if best is None:
        return None
    path, _, link, sample = best
    return ApiShape(
        items=path,
        link=link,
        headline=_pick(sample, _TITLE_KEYS, lambda v: _text(v) is not None),
        date=_pick(sample, _DATE_KEYS, lambda v: _text(v) is not None and parse_date(_text(v))),
        teaser=_pick(sample, _TEASER_KEYS, lambda v: _text(v) is not None),
        next=_next_key(data),
    )


def _next_key(data: Any) -> str | None:
    """The key naming the next page: one holding a URL, else one present but null (last page)."""
    if not isinstance(data, dict):
        return None
    for key in _NEXT_KEYS:
        if isinstance(get_path(data, key), str):
            return key
    return next((k for k in _NEXT_KEYS if k in data and data[k] is None), None)


def read_api_page(data: Any, url: str, shape: ApiShape) -> ApiPage:
    page = ApiPage()
    items = get_path(data, shape.items)
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        link = get_path(item, shape.link)
        target = join_url(url, link.strip()) if _looks_like_url(link) else None
        if target is None:
            continue
        page.entries.append(
            ListingEntry(
                url=target,
                headline=_text(get_path(item, shape.headline)),
                date_raw=_text(get_path(item, shape.date)),
                teaser=_text(get_path(item, shape.teaser)),
            )
        )
    nxt = get_path(data, shape.next) if shape.next else None
    if isinstance(nxt, str) and nxt.strip():
        page.next_url = join_url(url, nxt.strip())
    return page


def advance(url: str, count: int) -> str | None:
    """The next page of an API by its URL: `page=N` → N+1, `offset=N` → N+count."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    for i, (key, value) in enumerate(query):
        if not _NUMBER.fullmatch(value):
            continue
        if key in ("page", "p", "paged", "pg", "pageNumber"):
            new = str(int(value) + 1)
        elif key in ("offset", "start", "from", "skip") and count:
            new = str(int(value) + count)
        else:
            continue
        query[i] = (key, new)
        return urlunsplit(parts._replace(query=urlencode(query)))
    return None
