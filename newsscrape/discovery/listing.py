"""Find the listing on a page nobody configured: repeated blocks that carry a link and a date.

A news listing is a run of sibling elements built from one template (cards, rows, list items),
each linking to one article and showing its headline and usually its date. Menus, footers and
"most read" boxes are repeated blocks too, so every candidate run is scored: more items, items
with dates, items whose link text reads like a headline, and no navigation landmark around it.

The winner is turned into the same selectors a researcher would write in a source file, and
those selectors are checked on the page (they must select exactly the rows we found), so the
crawl, `sources check` and `--write-config` all use one description of the listing.

Pure functions over parsel/lxml; no Scrapy.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree
from parsel import Selector

from newsscrape.extraction.dates import parse_date
from newsscrape.extraction.pages import (
    ListingPage,
    _base_url,
    make_selector,
    parse_listing,
    text_of,
)
from newsscrape.extraction.selectors import to_xpath
from newsscrape.extraction.text import normalize_text
from newsscrape.extraction.urls import join_url

# Class names that describe a row's position or state, not its kind: never part of a selector.
_STATE_CLASS = re.compile(
    r"^(?:first|last|odd|even|active|current|selected|is-.*|has-.*|js-.*|"
    r".*-\d+|\d+|col-.*|row-\d+|views-row-\d+|clearfix|item-\d+)$"
)
_LANDMARKS = frozenset({"nav", "header", "footer", "aside", "menu"})
_NAV_WORDS = re.compile(
    r"(?:^|[-_ ])(?:nav|navbar|navigation|menu|footer|header|breadcrumbs?|sidebar|widget|"
    r"social|share|sharing|tags?|pager|pagination|cookie|related|popular|most-read|trending)"
    r"(?:$|[-_ ])",
    re.IGNORECASE,
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_DATE_HINT = re.compile(r"date|time|publish|posted|meta|byline", re.IGNORECASE)
_SKIP_HREF = ("javascript:", "mailto:", "tel:", "#", "data:")
_NON_ARTICLE_PATH = re.compile(
    r"/(?:tag|tags|category|categories|topic|topics|author|authors|search|login|signin|"
    r"register|subscribe|contact|about|privacy|terms|cookies?|feed|rss)(?:/|$)|"
    r"[?&](?:page|p|paged|offset|start)=\d+|/page/\d+/?$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class InferredListing:
    """Selectors for a listing, in source-file form, and what they yield on the page."""

    item: str
    link: str
    headline: str | None
    date: str | None
    teaser: str | None
    page: ListingPage
    score: float
    dated: float  # share of rows with a date that parses
    reasons: list[str] = field(default_factory=list)

    def selectors(self) -> dict[str, str | None]:
        return {
            "item": self.item,
            "link": self.link,
            "headline": self.headline,
            "date": self.date,
            "teaser": self.teaser,
        }


def _classes(el: etree._Element) -> list[str]:
    return [c for c in (el.get("class") or "").split() if not _STATE_CLASS.match(c)]


def _signature(el: etree._Element) -> tuple[str, tuple[str, ...]]:
    return el.tag, tuple(sorted(_classes(el)))


def _css_ident(value: str) -> bool:
    return bool(re.match(r"^-?[_a-zA-Z][_a-zA-Z0-9-]*$", value))


def _css(el: etree._Element, classes: list[str] | None = None) -> str:
    classes = _classes(el) if classes is None else classes
    return el.tag + "".join(f".{c}" for c in classes if _css_ident(c))


def _in_landmark(el: etree._Element) -> bool:
    for anc in el.iterancestors():
        if not isinstance(anc.tag, str):
            continue
        if anc.tag in _LANDMARKS or anc.get("role") in ("navigation", "banner", "contentinfo"):
            return True
        ident = f"{anc.get('id') or ''} {anc.get('class') or ''}"
        if _NAV_WORDS.search(ident):
            return True
    return False


def _article_links(row: etree._Element, base: str, page_url: str) -> dict[etree._Element, str]:
    """Anchors in a row that can point at an article of this site, with their resolved URLs."""
    host = urlsplit(page_url).hostname
    page_key = page_url.split("#")[0].rstrip("/")
    out: dict[etree._Element, str] = {}
    for a in row.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(_SKIP_HREF):
            continue
        url = join_url(base, href)
        if url is None:
            continue  # "http://[": not a link to anything
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.hostname != host:
            continue
        if parts.path in ("", "/") or url.split("#")[0].rstrip("/") == page_key:
            continue
        if _NON_ARTICLE_PATH.search(parts.path + ("?" + parts.query if parts.query else "")):
            continue
        out[a] = url
    return out


def _headline_like(text: str) -> bool:
    return len(text) >= 20 and len(text.split()) >= 4


def _date_node(row: etree._Element) -> tuple[etree._Element | None, str | None]:
    """The row's date element and its value: `<time>` first, then a short text that parses."""
    for t in row.iter("time"):
        value = (t.get("datetime") or "").strip() or normalize_text(text_of(t))
        if value and parse_date(value):
            return t, value
    best = None
    for el in row.iter():
        if not isinstance(el.tag, str) or el.tag in ("a", "script", "style"):
            continue
        if any(isinstance(c.tag, str) and c.tag not in ("span", "b", "strong", "em") for c in el):
            continue  # only leaves (or leaves with inline markup)
        text = normalize_text(text_of(el))
        if not text or len(text) > 60 or not re.search(r"\d", text):
            continue
        if parse_date(text) is None:
            continue
        hinted = bool(_DATE_HINT.search(f"{el.get('class') or ''} {el.get('itemprop') or ''}"))
        if best is None or (hinted and not best[2]):
            best = (el, text, hinted)
    return (best[0], best[1]) if best else (None, None)


@dataclass(slots=True)
class _Group:
    parent: etree._Element
    signature: tuple[str, tuple[str, ...]]
    rows: list[etree._Element]


def _groups(root: etree._Element) -> list[_Group]:
    """Runs of two or more siblings with the same tag and classes."""
    out = []
    for parent in root.iter():
        if not isinstance(parent.tag, str):
            continue
        by_sig: dict[tuple[str, tuple[str, ...]], list[etree._Element]] = defaultdict(list)
        for child in parent:
            if isinstance(child.tag, str) and child.tag not in ("script", "style", "option"):
                by_sig[_signature(child)].append(child)
        for sig, rows in by_sig.items():
            if len(rows) >= 2:
                out.append(_Group(parent, sig, rows))
        out.extend(_shared_class_groups(parent, by_sig))
    return out


def _shared_class_groups(
    parent: etree._Element, by_sig: dict[tuple[str, tuple[str, ...]], list[etree._Element]]
) -> list[_Group]:
    """Siblings of one tag grouped by the classes most of them share.

    CMSs add per-row classes (WordPress: `post-123 category-news tag-water`), so rows of one
    listing rarely have identical class lists; what they share is the listing's own class.
    """
    by_tag: dict[str, list[etree._Element]] = defaultdict(list)
    for (tag, _), rows in by_sig.items():
        by_tag[tag].extend(rows)
    out = []
    for tag, children in by_tag.items():
        if len(children) < 3:
            continue
        shared = set(_classes(children[0])).intersection(*(_classes(c) for c in children[1:]))
        signature = (tag, tuple(sorted(shared)))
        if signature not in by_sig:
            out.append(_Group(parent, signature, sorted(children, key=parent.index)))
    return out


@dataclass(slots=True)
class _Row:
    el: etree._Element
    link: etree._Element
    url: str
    headline: str
    date_el: etree._Element | None
    date: str | None


def _read_rows(group: _Group, base: str, page_url: str) -> list[_Row]:
    rows = []
    for el in group.rows:
        links = _article_links(el, base, page_url)
        if not links:
            continue
        distinct = {url.split("#")[0] for url in links.values()}
        if len(distinct) > 3:
            continue  # a row linking many articles is a container of rows, not a row
        link = _pick_link(list(links))
        heading = _heading_of(link)
        date_el, date = _date_node(el)
        rows.append(
            _Row(
                el=el,
                link=link,
                url=links[link],
                headline=normalize_text(text_of(heading if heading is not None else link)),
                date_el=date_el,
                date=date,
            )
        )
    return rows


def _heading_of(link: etree._Element) -> etree._Element | None:
    for anc in [link, *link.iterancestors()][:3]:
        if anc.tag in _HEADINGS:
            return anc
    for h in link.iter(*_HEADINGS):
        return h
    return None


def _pick_link(links: list[etree._Element]) -> etree._Element:
    """The headline link: in a heading, else the one with the longest text."""
    for a in links:
        if _heading_of(a) is not None:
            return a
    return max(links, key=lambda a: len(normalize_text(text_of(a))))


def _score(rows: list[_Row], group: _Group) -> tuple[float, float]:
    n = len({r.url for r in rows})
    if n < 2:
        return 0.0, 0.0
    dated = sum(1 for r in rows if r.date) / len(rows)
    headlines = sum(1 for r in rows if _headline_like(r.headline)) / len(rows)
    landmark = _in_landmark(group.parent)
    # Undated rows are a listing only when they are many, read as headlines and sit in the
    # page's content: otherwise a "most read" box or a row of teasers to /about would be one.
    if dated < 0.5 and (landmark or n < 3 or headlines < 0.6):
        return 0.0, dated
    score = n * (0.4 + dated) * (0.1 + headlines)
    if landmark:
        score *= 0.2
    return score, dated


def _unique_selector(
    sel: Selector, parent: etree._Element, child_css: str, rows: list[etree._Element]
) -> str | None:
    """A CSS selector for the rows that selects them and nothing else on the page."""
    wanted = set(map(id, rows))
    prefixes = []
    node: etree._Element | None = parent
    path: list[str] = []
    for _ in range(4):
        if node is None or not isinstance(node.tag, str) or node.tag in ("html",):
            break
        if node.get("id") and _css_ident(node.get("id")):
            path.insert(0, f"{node.tag}#{node.get('id')}")
            prefixes.append(" > ".join(path))
            break
        path.insert(0, _css(node))
        prefixes.append(" > ".join(path))
        node = node.getparent()
    for prefix in prefixes:
        candidate = f"{prefix} > {child_css}"
        found = sel.xpath(to_xpath(candidate))
        got = {id(n.root) for n in found}
        if got and wanted <= got and len(got) <= len(wanted) + 1:
            return candidate
    return None


def _item_selector(sel: Selector, group: _Group, rows: list[etree._Element]) -> str | None:
    """The shortest selector that picks exactly the rows, else the rows' full class list.

    Fewer classes survive the next pages: a WordPress row's `category-news` is on page 1's
    rows by chance, and `article.post` is what every row of the archive has.
    """
    classes = list(group.signature[1])
    wanted = {id(r) for r in rows}
    for subset in [[], *([c] for c in classes)]:
        candidate = _unique_selector(sel, group.parent, _css(rows[0], subset), rows)
        if candidate and {id(n.root) for n in sel.xpath(to_xpath(candidate))} == wanted:
            return candidate
    return _unique_selector(sel, group.parent, _css(rows[0], classes), rows)


def _relative_css(row: etree._Element, target: etree._Element) -> str:
    """A selector for `target` inside `row`: the tag with its classes, nested under a heading."""
    css = _css(target)
    heading = _heading_of(target) if target.tag == "a" else None
    if heading is not None and heading is not target and heading in target.iterancestors():
        css = f"{_css(heading, _classes(heading)[:1])} {css}"
    if target.tag in ("td", "th"):
        index = [c for c in target.getparent() if c.tag == target.tag].index(target) + 1
        css = f"{target.tag}:nth-of-type({index})"
    return css


def _consistent(sel_rows: list[Selector], css: str, expected: list[etree._Element | None]) -> bool:
    """`css` picks the expected element as the first match in at least 80% of the rows."""
    xpath = to_xpath(css)
    hits = 0
    total = 0
    for row, want in zip(sel_rows, expected, strict=True):
        if want is None:
            continue
        total += 1
        found = row.xpath(xpath)
        if found and found[0].root is want:
            hits += 1
    return total > 0 and hits / total >= 0.8


def _teaser(row: etree._Element, link: etree._Element) -> etree._Element | None:
    best = None
    for el in row.iter("p", "div", "span"):
        if link in el.iter() or any(isinstance(c.tag, str) and c.tag in ("p", "div") for c in el):
            continue
        text = normalize_text(text_of(el))
        if len(text) >= 40 and (best is None or len(text) > best[1]):
            best = (el, len(text))
    return best[0] if best else None


def infer_listing(html: str | bytes | Selector, url: str) -> InferredListing | None:
    """The best listing on the page with its selectors, or None when there is none."""
    sel = html if isinstance(html, Selector) else make_selector(html, url)
    base = _base_url(sel, url)
    root = sel.root
    best: tuple[float, float, _Group, list[_Row]] | None = None
    for group in _groups(root):
        rows = _read_rows(group, base, url)
        score, dated = _score(rows, group)
        if score > 0 and (best is None or score > best[0]):
            best = (score, dated, group, rows)
    if best is None:
        return None
    score, dated, group, rows = best
    row_els = [r.el for r in rows]
    item = _item_selector(sel, group, row_els)
    if item is None:
        return None
    sel_rows = [r for r in sel.xpath(to_xpath(item)) if any(r.root is e for e in row_els)]
    by_el = {id(r.el): r for r in rows}
    ordered = [by_el[id(s.root)] for s in sel_rows]
    link_css = _relative_css(ordered[0].el, ordered[0].link)
    if not _consistent(sel_rows, link_css, [r.link for r in ordered]):
        link_css = "a[href]"
    date_css = None
    dated_rows = [r for r in ordered if r.date_el is not None]
    if dated_rows:
        date_css = _relative_css(dated_rows[0].el, dated_rows[0].date_el)
        if not _consistent(sel_rows, date_css, [r.date_el for r in ordered]):
            date_css = "time" if dated_rows[0].date_el.tag == "time" else None
    headline_css = None
    heading = _heading_of(ordered[0].link)
    if heading is not None:
        headline_css = _css(heading, _classes(heading)[:1])
        if not _consistent(sel_rows, headline_css, [_heading_of(r.link) for r in ordered]):
            headline_css = None
    headline_css = headline_css or link_css
    teaser_css = None
    teaser_el = _teaser(ordered[0].el, ordered[0].link)
    if teaser_el is not None:
        teaser_css = _relative_css(ordered[0].el, teaser_el)
        if not _consistent(sel_rows, teaser_css, [_teaser(r.el, r.link) for r in ordered]):
            teaser_css = None
    page = parse_listing(
        sel, url, item=item, link=link_css, date=date_css, headline=headline_css, teaser=teaser_css
    )
    return InferredListing(
        item=item,
        link=link_css,
        headline=headline_css,
        date=date_css,
        teaser=teaser_css,
        page=page,
        score=score,
        dated=dated,
        reasons=[f"{len(ordered)} rows of <{item}>", f"{dated:.0%} dated"],
    )
