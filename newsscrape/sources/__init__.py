"""Sources as configuration: one TOML file per site, validated on load.

Adding a site must take minutes and no Python, so a source is data: where the listing starts,
how to find items, links, dates and the next page, and how to read an article. Shipped sources
live next to this file; `NEWSSCRAPE_SOURCES_DIR` (or `--sources-dir`) adds a directory of the
user's own, and a path to a `.toml` file works anywhere a source name does.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from newsscrape.discovery.api import ApiShape
from newsscrape.extraction.selectors import check_selector

# The shipped sources, read through importlib.resources: a plain directory when installed, a
# directory inside the zip when imported from an egg (Scrapyd puts eggs on sys.path as they are).
SHIPPED_DIR: Traversable = files(__package__)
SOURCES_DIR_ENV = "NEWSSCRAPE_SOURCES_DIR"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")


class SourceError(ValueError):
    """A source that cannot be found or does not validate; the message is one clear line."""


def _selector(value: str | None) -> str | None:
    if value is None:
        return None
    problem = check_selector(value)
    if problem:
        raise ValueError(problem)
    return value.strip()


def _absolute_http(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    return url


# A URL the crawler can start from (kept as written: pydantic's URL type would rewrite it).
HttpURL = Annotated[str, AfterValidator(_absolute_http)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _relative_or_absolute(url: str) -> str:
    """A URL in a source file: absolute http(s), or relative to the first start URL."""
    url = url.strip()
    if not url:
        raise ValueError("URL is empty")
    parts = urlsplit(url)
    if parts.scheme and parts.scheme not in ("http", "https"):
        raise ValueError(f"not an http(s) URL: {url!r}")
    return url


SourceURL = Annotated[str, AfterValidator(_relative_or_absolute)]


class ApiListing(_Model):
    """A JSON "load more" endpoint: where its pages are and which keys hold what.

    Keys are dotted paths into each JSON page ("data.items", "title.rendered").
    """

    url: SourceURL = Field(
        description="Page URL with {page} (or {offset}); relative to the start URL allowed."
    )
    start: int = Field(2, ge=0, description="The first {page} number (or {offset}) to fetch.")
    step: int = Field(1, ge=1, description="How much {page} or {offset} grows per page.")
    items: str = Field("", description="Dotted path to the list of items ('' = the document).")
    link: str = Field("url", description="Key of an item's article URL.")
    date: str | None = Field(None, description="Key of an item's date.")
    headline: str | None = Field(None, description="Key of an item's headline.")
    teaser: str | None = Field(None, description="Key of an item's summary.")
    next: str | None = Field(
        None, description="Key of the next page's URL; without it {page} counts up until empty."
    )

    @field_validator("url")
    @classmethod
    def _placeholder(cls, value: str) -> str:
        if "{page}" not in value and "{offset}" not in value:
            raise ValueError("must contain {page} or {offset}")
        return value

    def page(self, number: int) -> str:
        """The endpoint URL for one {page} number (or {offset}), as written (maybe relative)."""
        return self.url.replace("{page}", str(number)).replace("{offset}", str(number))

    def shape(self) -> ApiShape:
        """Where the keys are, in the form `discovery.api.read_api_page` reads."""
        return ApiShape(self.items, self.link, self.headline, self.date, self.teaser, self.next)


class ListingSelectors(_Model):
    """Where things are on a listing page. Each selector points at an element."""

    item: str | None = Field(None, description="One element per listing row (release teaser card).")
    link: str = Field("a[href]", description="Within a row: the element whose href is the article.")
    date: str | None = Field(None, description="Within a row: the element holding the date.")
    headline: str | None = Field(None, description="Within a row: the headline element.")
    teaser: str | None = Field(None, description="Within a row: the teaser/summary element.")
    next_page: str | None = Field(
        None, description="On the page: the element whose href is the next listing page."
    )
    page_url: SourceURL | None = Field(
        None,
        description="Listing page URL template with {page} (e.g. /news/page/{page}/), "
        "instead of a next-page link; pages are fetched until one has no new items.",
    )
    page_start: int = Field(2, ge=0, description="The {page} number of the second page.")
    api: ApiListing | None = Field(None, description="JSON load-more endpoint (after page 1).")

    @field_validator("item", "link", "date", "headline", "teaser", "next_page")
    @classmethod
    def _compile(cls, value: str | None) -> str | None:
        return _selector(value)

    @field_validator("page_url")
    @classmethod
    def _template(cls, value: str | None) -> str | None:
        if value is not None and "{page}" not in value:
            raise ValueError("must contain {page}, e.g. /news/page/{page}/")
        return value

    @model_validator(mode="after")
    def _one_pagination(self) -> ListingSelectors:
        given = [k for k in ("next_page", "page_url", "api") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(f"give one way to paginate, not {' and '.join(given)}")
        if self.item is None and self.api is None:
            raise ValueError("item: required (the selector of one listing row), unless api is set")
        return self


class ArticleSelectors(_Model):
    """Where things are on an article page."""

    body: str | None = Field(
        None, description="The element(s) holding the body paragraphs; default: main text."
    )
    headline: str | None = Field(
        None, description="The headline element; default: structured data, then <h1>."
    )
    date: str | None = Field(
        None, description="The element holding the publication date; default: structured data."
    )
    author: str | None = Field(None, description="The author element(s); default: metadata.")
    exclude: list[str] = Field(
        default_factory=list, description="Boilerplate inside the body to drop (share bars...)."
    )

    @field_validator("body", "headline", "date", "author")
    @classmethod
    def _compile(cls, value: str | None) -> str | None:
        return _selector(value)

    @field_validator("exclude")
    @classmethod
    def _check_exclude(cls, value: list[str]) -> list[str]:
        return [_selector(v) or "" for v in value]


# Settings a source may override: politeness only, nothing that changes what is stored.
POLITENESS_KEYS = frozenset(
    {
        "DOWNLOAD_DELAY",
        "CONCURRENT_REQUESTS_PER_DOMAIN",
        "AUTOTHROTTLE_ENABLED",
        "AUTOTHROTTLE_START_DELAY",
        "AUTOTHROTTLE_MAX_DELAY",
        "AUTOTHROTTLE_TARGET_CONCURRENCY",
        "ROBOTSTXT_OBEY",
        "USER_AGENT",
        "DOWNLOAD_TIMEOUT",
        "RETRY_TIMES",
    }
)


class Source(_Model):
    """A news site: where its listing starts and how to read it."""

    name: str = Field(description="Short unique name, used on the command line and in the DB.")
    title: str = Field("", description="Human-readable name of the site or section.")
    start_urls: list[HttpURL] = Field(min_length=1, description="First listing page(s).")
    allowed_domains: list[str] = Field(
        default_factory=list, description="Domains the crawl may visit; default: start URL hosts."
    )
    language: str | None = Field(None, description="Language of the site (ISO 639-1).")
    date_languages: list[str] | None = Field(None, description="Language hints for dates.")
    date_order: Literal["DMY", "MDY", "YMD"] | None = Field(
        None, description="Order of ambiguous numeric dates such as 02/03/2021."
    )
    timezone: str | None = Field(
        None, description="IANA zone for dates written without one (e.g. Europe/Paris)."
    )
    listing: ListingSelectors | None = Field(
        None, description="The listing's selectors; without them the listing is inferred."
    )
    feeds: list[SourceURL] = Field(
        default_factory=list, description="RSS/Atom feeds whose entries are articles."
    )
    sitemaps: list[SourceURL] = Field(
        default_factory=list, description="Sitemaps or sitemap indexes listing the articles."
    )
    article: ArticleSelectors = Field(
        default_factory=lambda: ArticleSelectors(),
        description="The article page's selectors; anything left out is inferred.",
    )
    settings: dict[str, Any] = Field(
        default_factory=dict, description="Politeness overrides (DOWNLOAD_DELAY, ...)."
    )
    path: str | None = Field(None, description="File the source was loaded from.", exclude=True)

    @field_validator("name")
    @classmethod
    def _check_name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError("use lowercase letters, digits, '-', '_' or '.' (max 64)")
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (use an IANA name such as Europe/Paris)"
            ) from None
        return value

    @property
    def inferred(self) -> bool:
        """Nothing says where the articles are listed: discover it (zero configuration)."""
        return self.listing is None and not self.feeds and not self.sitemaps

    def resolve(self, url: str) -> str:
        """A URL from this file, made absolute against the first start URL."""
        return urljoin(self.start_urls[0], url)

    @field_validator("settings")
    @classmethod
    def _check_settings(cls, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - POLITENESS_KEYS)
        if unknown:
            raise ValueError(
                f"only politeness settings may be overridden, not {', '.join(unknown)} "
                f"(allowed: {', '.join(sorted(POLITENESS_KEYS))})"
            )
        return value

    @model_validator(mode="after")
    def _default_domains(self) -> Source:
        if not self.allowed_domains:
            hosts = sorted({urlsplit(u).hostname or "" for u in self.start_urls})
            object.__setattr__(self, "allowed_domains", hosts)
        return self

    def date_hints(self) -> tuple[list[str] | None, str | None]:
        """Languages and day/month order to read this source's dates with."""
        languages = self.date_languages or ([self.language] if self.language else None)
        return languages, self.date_order

    @classmethod
    def from_url(cls, urls: Iterable[str], name: str | None = None) -> Source:
        """A zero-configuration source: only where to start; everything else is inferred.

        Named after the host (`www.` dropped, a non-default port appended), so runs of the
        same site without a source file share one name in the corpus.
        """
        urls = list(urls)
        try:
            if name is None and urls:
                parts = urlsplit(urls[0])
                host = (parts.hostname or "site").removeprefix("www.")
                name = f"{host}-{parts.port}" if parts.port else host
            return cls.model_validate({"name": name, "start_urls": urls})
        except ValidationError as exc:
            raise SourceError(format_validation_error(exc, "--url")) from None

    def with_start_urls(self, urls: Iterable[str]) -> Source:
        """The same source pointed at other start URLs (a mirror, a local copy, a test server).

        Allowed domains follow the new URLs, otherwise the offsite filter would drop them.
        """
        urls = list(urls)
        data = self.model_dump()
        data.update(start_urls=urls, allowed_domains=[], path=self.path)
        return Source.model_validate(data)


def format_validation_error(exc: ValidationError, where: str) -> str:
    """One line naming each bad key, for a user who has to fix a file or an argument."""
    parts = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{key}: {msg}")
    return f"{where}: " + "; ".join(parts)


def load_source_file(path: str | os.PathLike[str] | Traversable) -> Source:
    """Load and validate one source file; errors name the file and the key.

    `path` may also be a resource inside a zipped package (see `available_sources`).
    """
    if not isinstance(path, Traversable):
        path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(f"source file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read source file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{path}: invalid TOML: {exc}") from None
    try:
        return Source.model_validate({**data, "path": str(path)})
    except ValidationError as exc:
        raise SourceError(format_validation_error(exc, str(path))) from None


def source_dirs(extra: str | os.PathLike[str] | None = None) -> list[Traversable]:
    """Directories searched for source files, the user's first so they can shadow ours."""
    dirs: list[Traversable] = []
    for candidate in (extra, os.environ.get(SOURCES_DIR_ENV)):
        if candidate:
            dirs.append(Path(candidate))
    dirs.append(SHIPPED_DIR)
    return dirs


def available_sources(extra: str | os.PathLike[str] | None = None) -> dict[str, Traversable]:
    """Map every known source name to its file (first directory wins).

    Files are `Path`s, except shipped sources imported from a zip (a zipped egg), which are
    `Traversable`s inside it: read them with `load_source_file`, not by their string.
    """
    found: dict[str, Traversable] = {}
    for directory in source_dirs(extra):
        if directory.is_dir():
            tomls = (f for f in directory.iterdir() if f.name.endswith(".toml") and f.is_file())
            for file in sorted(tomls, key=lambda f: f.name):
                found.setdefault(file.name.removesuffix(".toml"), file)
    return found


def load_source(ref: str, extra_dir: str | os.PathLike[str] | None = None) -> Source:
    """Resolve a source name or a path to a `.toml` file."""
    ref = (ref or "").strip()
    if not ref:
        raise SourceError("no source given: name a source (see `newsscrape sources list`)")
    if ref.endswith(".toml") or os.sep in ref:
        return load_source_file(ref)
    known = available_sources(extra_dir)
    if ref not in known:
        names = ", ".join(sorted(known)) or "none"
        raise SourceError(
            f"unknown source {ref!r}; known sources: {names} (or give a path to a .toml file)"
        )
    source = load_source_file(known[ref])
    if source.name != ref:
        raise SourceError(f"{known[ref]}: name {source.name!r} does not match the file name")
    return source
