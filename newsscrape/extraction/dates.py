"""Publication dates: a fast path for the common formats, dateparser for everything else.

Two rules matter more than coverage:

- Never invent precision. "February 11, 2021" is a date, not midnight UTC. A time of day is
  kept only when the text gives one, and a zone only when the text names one (or the value is
  an instant computed from the fetch time, like "2 hours ago", which is then UTC).
- Never raise. Dates come from arbitrary pages; a value that does not parse is None, and the
  raw text is kept by the caller for a later look.

The fast path (regular expressions, no dateparser) covers ISO 8601, English month names and
numeric dates in a few microseconds; dateparser (200+ languages, relative expressions) is
imported lazily and only for what the fast path cannot read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

_MAX_LEN = 200  # dates are short; longer text is a wrong selector and would only be slow

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# Whitespace quantifiers are possessive (`\s*+`) and the space before am/pm and before the
# offset belongs to that part: with plain `\s*` next to `\s*` ("10:30" then a run of spaces
# and no zone), a failing match tried every split of the run (cubic in its length).
_TIME = (
    r"(?:(?:\s*+,?\s*+(?:at\s++)?|\s*+[-–|]\s*+|T)"
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*+(?P<ampm>[ap]\.?m\.?))?"
    r"(?:\s*+(?P<offset>Z|(?:UTC|GMT)?\s*+[+-]\d{1,2}(?::?\d{2})?))?)?"
)
_ENGLISH = [
    # February 11, 2021 · Feb. 11 2021 · Thursday, February 11th, 2021
    re.compile(rf"^{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}$", re.IGNORECASE),
    # 11 February 2021 · 11th of February, 2021 · Thu 11 Feb 2021
    re.compile(rf"^{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}{_TIME}$", re.IGNORECASE),
]
_ISO = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<offset>Z|[+-]\d{2}(?::?\d{2})?)?)?$",
    re.IGNORECASE,
)
_YMD = re.compile(r"^(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})$")
_DOTTED_DMY = re.compile(r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})$")
_SLASHED = re.compile(r"^(?P<a>\d{1,2})[/-](?P<b>\d{1,2})[/-](?P<year>\d{4})$")
# The same formats found inside longer text ("Posted on March 15, 2024 by Admin"), tried only
# when the whole string is not a date and before the slow dateparser fallback.
_EMBEDDED = [
    re.compile(rf"(?<![\w/.-]){p.pattern.strip('^$')}(?![\w/-])", re.IGNORECASE)
    for p in (*_ENGLISH, _ISO)
] + [
    re.compile(r"(?<![\w/.-])\d{1,2}\.\d{1,2}\.\d{4}(?![\w/-])"),
    re.compile(r"(?<![\w/.-])\d{1,2}/\d{1,2}/\d{4}(?![\w/-])"),
]
_ZONE_NEXT = re.compile(r"\s*+\(?[A-Z]{2,5}\b")
_LABEL = re.compile(
    r"^(?:(?:first\s+)?published|posted|date|dated|released?|last\s+updated|updated|modified|"
    r"publié|mis\s+à\s+jour|veröffentlicht|aktualisiert|publicado|actualizado|pubblicato|"
    r"aggiornato|gepubliceerd|opublikowano)(?:\s++(?:on|at|le|am|el|il|op))?\s*+:?\s*+",
    re.IGNORECASE,
)
# A leading or trailing "|", "·" or "•" (bylines: "Posted · March 5, 2024 |"); stripped by
# `_strip_separators`, not by a regex: `\s*(?:\||·|•)\s*$` searched from every position of a
# whitespace run is quadratic in its length.
_SEPARATORS = frozenset("|·•")
_SPACE = re.compile(r"[\s\u00a0\u2009\u202f]+")
_DIGIT = re.compile(r"\d")
# Languages tried when a source gives no hint or its hint fails. Detection over all of
# dateparser's ~200 locales costs over a second per unparseable string; these cover the news
# languages we crawl at a fraction of that.
DETECT_LANGUAGES = (
    "en", "fr", "de", "es", "it", "pt", "nl", "ru", "uk", "pl", "ar", "zh", "ja", "tr", "sv",
    "da", "nb", "fi", "cs", "hu", "ro", "el", "he", "id", "ko", "hi", "sw", "af", "zu",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A parsed publication date with exactly the precision its text gave."""

    value: date | datetime
    raw: str
    method: str  # "iso" | "fast" | "dateparser" | "relative"

    @property
    def has_time(self) -> bool:
        return isinstance(self.value, datetime)

    @property
    def has_tz(self) -> bool:
        return isinstance(self.value, datetime) and self.value.tzinfo is not None

    @property
    def day(self) -> date:
        """The calendar date as written, in the page's own zone (never converted)."""
        return self.value.date() if isinstance(self.value, datetime) else self.value

    def iso(self) -> str:
        if isinstance(self.value, datetime):
            return self.value.isoformat(timespec="seconds")
        return self.value.isoformat()


def _strip_separators(text: str) -> str:
    """Drop one separator (and the whitespace around it) at the start and one at the end."""
    head = text.lstrip()
    if head and head[0] in _SEPARATORS:
        text = head[1:].lstrip()
    tail = text.rstrip()
    if tail and tail[-1] in _SEPARATORS:
        text = tail[:-1].rstrip()
    return text


def _clean(text: str) -> str:
    text = _SPACE.sub(" ", text).strip()
    text = _strip_separators(text)
    previous = None
    while previous != text:  # "Published: Updated on ..." — labels can stack
        previous = text
        text = _LABEL.sub("", text).strip()
    return text


def _offset(value: str | None) -> timezone | None:
    if not value:
        return None
    value = value.upper().replace("UTC", "").replace("GMT", "").strip()
    if value == "Z":
        return UTC
    sign = -1 if value[0] == "-" else 1
    digits = value[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if hours > 14 or minutes > 59:
        raise ValueError("offset out of range")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _build(groups: dict[str, Any], month: int) -> date | datetime:
    year, day = int(groups["year"]), int(groups["day"])
    if groups.get("hour") is None:
        return date(year, month, day)
    hour, minute = int(groups["hour"]), int(groups["minute"])
    ampm = (groups.get("ampm") or "").replace(".", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError("12-hour clock out of range")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    second = int(groups["second"]) if groups.get("second") else 0
    return datetime(year, month, day, hour, minute, second, tzinfo=_offset(groups.get("offset")))


def _fast(text: str, date_order: str | None) -> tuple[date | datetime, str] | None:
    """The common formats, by regular expression. Raises ValueError on impossible values."""
    if m := _ISO.match(text):
        return _build(m.groupdict(), int(m["month"])), "iso"
    for pattern in _ENGLISH:
        if m := pattern.match(text):
            return _build(m.groupdict(), _MONTHS[m["month"].lower()]), "fast"
    if m := _YMD.match(text):
        return date(int(m["year"]), int(m["month"]), int(m["day"])), "fast"
    if m := _DOTTED_DMY.match(text):  # D.M.Y is the convention wherever dots are used
        return date(int(m["year"]), int(m["month"]), int(m["day"])), "fast"
    if m := _SLASHED.match(text):
        a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
        if a > 12 or (b <= 12 and date_order == "DMY"):
            return date(year, b, a), "fast"
        if b > 12 or date_order == "MDY":
            return date(year, a, b), "fast"
    return None


def _embedded(text: str, date_order: str | None) -> tuple[date | datetime, str] | None:
    """A date in a common format inside a byline; None when there is none or several differ."""
    if len(text) < 12 or not _DIGIT.search(text):
        return None
    for pattern in _EMBEDDED:
        matches = list(pattern.finditer(text))
        if any(_ZONE_NEXT.match(text, m.end()) for m in matches):
            return None  # "10:30 EST": a zone name is dateparser's to read
        found = {m.group(0).strip() for m in matches}
        if len(found) == 1:
            try:
                return _fast(_clean(found.pop()), date_order)
            except ValueError:
                return None
        if found:
            return None  # "Published 3 March 2024, updated 5 March 2024": not ours to pick
    return None


@lru_cache(maxsize=32)
def _parser(languages: tuple[str, ...] | None, date_order: str | None) -> Any:
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"RETURN_TIME_AS_PERIOD": True, "PREFER_DATES_FROM": "past"}
    if date_order:
        settings["DATE_ORDER"] = date_order
    try:
        return DateDataParser(languages=list(languages) if languages else None, settings=settings)
    except ValueError:  # unknown language code in a source file: detect instead
        return DateDataParser(settings=settings)


def _dateparser(
    text: str, fetched_at: datetime, languages: tuple[str, ...] | None, date_order: str | None
) -> ParsedDate | None:
    parser = _parser(languages, date_order)
    base = fetched_at.astimezone(UTC).replace(tzinfo=None)
    first = _get(parser, text, base)
    if first is None or first.date_obj is None:
        return None
    value: datetime = first.date_obj
    # An expression relative to "now" moves with the base by exactly the same amount; an
    # absolute date (even a year-less one) does not. No word lists per language needed.
    shift = timedelta(days=3, hours=5, minutes=7)
    second = _get(parser, text, base + shift)
    relative = (
        second is not None and second.date_obj is not None and second.date_obj - value == shift
    )
    if first.period == "time":
        if relative:
            return ParsedDate(value.replace(tzinfo=UTC), text, "relative")
        return ParsedDate(value, text, "dateparser")
    day = value.date()
    if first.period in ("month", "year"):
        return None  # "February 2021" is not a publication date we can store as a day
    return ParsedDate(day, text, "relative" if relative else "dateparser")


def _get(parser: Any, text: str, base: datetime) -> Any:
    """Parse with RELATIVE_BASE = `base` while keeping one cached parser per hint set.

    dateparser reads the base from the parser's settings, and building a parser per call
    costs milliseconds, so the settings are swapped for the call (the crawl is one thread).
    """
    previous = parser._settings
    parser._settings = previous.replace(RELATIVE_BASE=base)
    try:
        return parser.get_date_data(text)
    finally:
        parser._settings = previous


def parse_date(
    text: str | None,
    *,
    fetched_at: datetime | None = None,
    languages: Sequence[str] | None = None,
    date_order: str | None = None,
) -> ParsedDate | None:
    """Parse a publication date; None when the text holds none. Never raises.

    `fetched_at` (aware; default now) anchors relative expressions and year-less dates;
    `languages` (ISO 639-1) and `date_order` ("DMY", "MDY", "YMD") are the source's hints.
    """
    try:
        if not text or not isinstance(text, str):
            return None
        raw = text.strip()
        cleaned = _clean(raw[: _MAX_LEN * 2])
        if not cleaned or len(cleaned) > _MAX_LEN:
            return None
        try:
            fast = _fast(cleaned, date_order)
        except ValueError:
            return None  # a recognised format with impossible values (Feb 30, hour 25)
        if fast is not None:
            return ParsedDate(fast[0], raw, fast[1])
        embedded = _embedded(cleaned, date_order)
        if embedded is not None:
            return ParsedDate(embedded[0], raw, embedded[1])
        if not _DIGIT.search(cleaned) and len(cleaned.split()) > 4:
            return None  # prose, not a date ("il y a une heure" has five words at most)
        now = fetched_at or datetime.now(UTC)
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        hints = tuple(languages) if languages else DETECT_LANGUAGES
        parsed = _dateparser(cleaned, now, hints, date_order)
        if parsed is None and hints != DETECT_LANGUAGES:
            parsed = _dateparser(cleaned, now, DETECT_LANGUAGES, date_order)  # hint was wrong
        if parsed is None:
            return None
        return ParsedDate(parsed.value, raw, parsed.method)
    except Exception:  # a date must never stop an article from being stored
        return None
