"""Find the next page of a listing nobody configured.

Tried in order of how much the site itself tells us:

1. `rel=next` (`<link>` in the head or `<a>`): the site names its next page.
2. A link whose text, label or class says "next", "older", "more" in one of many languages.
3. Numbered pages: the link whose number is one more than the current page's.
4. A link to this page's own URL with its `?page=N` / `/page/N/` number advanced by one.
5. A "load more" control whose data attribute points at a JSON (or HTML) endpoint.

The result says how it was found, and carries a selector or URL template a researcher can
paste into a source file (`--write-config`). Pure functions; no Scrapy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree
from parsel import Selector

from newsscrape.extraction.pages import _base_url, make_selector, text_of
from newsscrape.extraction.selectors import to_xpath
from newsscrape.extraction.text import normalize_text
from newsscrape.extraction.urls import join_url

# "Next page" in the languages of the news we crawl; matched against the whole link text.
_NEXT_WORDS = (
    "next", "next page", "next »", "next ›", "next >", "next →", "older", "older posts",
    "older entries", "older articles", "older news", "older stories", "earlier", "more",
    "more news", "more stories", "more articles", "more posts", "see more", "show more",
    "view more", "load more", "more results", "›", "»", ">", ">>", "→", "⟩", "❯",
    "suivant", "suivante", "page suivante", "plus", "voir plus", "plus d'articles",
    "articles plus anciens", "siguiente", "página siguiente", "más", "ver más", "cargar más",
    "próxima", "próximo", "seguinte", "mais", "ver mais", "carregar mais", "weiter",
    "nächste", "nächste seite", "mehr", "mehr laden", "ältere beiträge", "volgende",
    "volgende pagina", "meer", "successivo", "successiva", "pagina successiva", "avanti",
    "altro", "mostra altro", "następna", "następna strona", "dalej", "další", "další stránka",
    "следующая", "далее", "ещё", "еще", "наступна", "nästa", "nästa sida", "neste", "næste",
    "seuraava", "következő", "următoarea", "sonraki", "επόμενη", "التالي", "הבא", "下一页",
    "次へ", "次のページ", "다음", "berikutnya", "selanjutnya", "inayofuata",
)  # fmt: skip
_NEXT = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in sorted(_NEXT_WORDS, key=len, reverse=True)) + r")"
    r"(?:\s*(?:[»›>→⟩❯]|&raquo;))?$",
    re.IGNORECASE,
)
_PREV = re.compile(r"prev|previous|newer|back|zurück|précédent|anterior|vorige", re.IGNORECASE)
_NEXT_CLASS = re.compile(r"(?:^|[-_ ])(?:next|older|nav-previous|load-?more)(?:$|[-_ ])", re.I)
_PAGE_PARAMS = ("page", "p", "paged", "pg", "pageNumber", "page_no", "pagina", "seite")
# A page number is ASCII digits and short: str.isdigit() also accepts "²" and "①", which
# int() rejects, and int() refuses strings of over 4,300 digits.
_PAGE_VALUE = re.compile(r"[0-9]{1,18}")
_PATH_PAGE = re.compile(r"(/(?:page|p|seite|pagina|strona)/)([0-9]{1,18})(/?)$", re.IGNORECASE)
_DATA_ATTRS = (
    "data-url", "data-endpoint", "data-href", "data-next", "data-next-url", "data-src",
    "data-load-more", "data-more-url", "data-ajax-url", "hx-get",
)  # fmt: skip
_API_HINT = re.compile(r"\.json\b|/api/|/wp-json/|[?&](?:format|_format|output)=json|ajax", re.I)


@dataclass(slots=True)
class NextPage:
    url: str
    how: str  # rel-next | next-link | numbered | url-pattern | load-more
    selector: str | None = None  # for a source file: the element whose href is the next page
    template: str | None = None  # for a source file: page URL with {page}
    number: int | None = None  # the page number `template` gives `url`
    api: bool = False  # the next page is JSON, not HTML


def _same_site(url: str, page_url: str) -> bool:
    return urlsplit(url).hostname == urlsplit(page_url).hostname


def _usable(href: str | None, base: str, page_url: str) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    url = join_url(base, href)
    if url is None:
        return None  # "http://[": not a link to anything
    if urlsplit(url).scheme not in ("http", "https") or not _same_site(url, page_url):
        return None
    if url.split("#")[0] == page_url.split("#")[0]:
        return None
    return url


def page_number(url: str) -> tuple[str, int] | None:
    """The pagination number in a URL and a template for it: `?page=3` → (`?page={page}`, 3).

    None for a URL that does not parse ("http://[…"): it has no page number to advance.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    query = parse_qsl(parts.query, keep_blank_values=True)
    for i, (key, value) in enumerate(query):
        if key in _PAGE_PARAMS and _PAGE_VALUE.fullmatch(value):
            templ = [*query[:i], (key, "{page}"), *query[i + 1 :]]
            q = urlencode(templ, safe="{}")
            return urlunsplit(parts._replace(query=q, fragment="")), int(value)
    m = _PATH_PAGE.search(parts.path)
    if m:
        path = parts.path[: m.start()] + m.group(1) + "{page}" + m.group(3)
        return urlunsplit(parts._replace(path=path, fragment="")), int(m.group(2))
    return None


def _label(a: etree._Element) -> str:
    texts = [normalize_text(text_of(a)), a.get("aria-label") or "", a.get("title") or ""]
    return " ".join(t.strip() for t in texts if t and t.strip())


def _xpath_literal(text: str) -> str:
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return "concat(" + ", '\"', ".join(f'"{p}"' for p in text.split('"')) + ")"


def _in_chrome(el: etree._Element) -> bool:
    """Inside the page header, footer or a menu: a "More" there opens a menu, not a page."""
    for anc in el.iterancestors():
        if not isinstance(anc.tag, str):
            continue
        marks = f"{anc.get('class') or ''} {anc.get('id') or ''}"
        if anc.tag in ("header", "footer") or re.search(r"menu|navbar|dropdown", marks, re.I):
            return True
    return False


def _rel_next(sel: Selector, base: str, url: str) -> NextPage | None:
    for kind in ("link", "a"):
        for el in sel.root.iter(kind):
            rels = (el.get("rel") or "").lower().split()
            if "next" in rels:
                target = _usable(el.get("href"), base, url)
                if target:
                    return NextPage(target, "rel-next", selector=f'{kind}[rel~="next"][href]')
    return None


def _next_link(sel: Selector, base: str, url: str, exclude: set[int]) -> NextPage | None:
    for a in sel.root.iter("a", "button"):
        if id(a) in exclude:
            continue
        label = _label(a)
        text = normalize_text(text_of(a))
        cls = " ".join(filter(None, [a.get("class"), (a.getparent().get("class") or "")]))
        by_text = bool(_NEXT.match(text) or _NEXT.match(a.get("aria-label") or ""))
        by_class = bool(_NEXT_CLASS.search(cls)) and not _PREV.search(label)
        if not (by_text or by_class) or _PREV.search(text) or _in_chrome(a):
            continue
        href = a.get("href") or next((a.get(k) for k in _DATA_ATTRS if a.get(k)), None)
        target = _usable(href, base, url)
        if not target:
            continue
        if not a.get("href"):  # a button that fetches its next page by script
            return _load_more(sel, base, url) or NextPage(target, "load-more", api=True)
        if a.get("class") and by_class:
            selector = "a" + "".join(f".{c}" for c in a.get("class").split()[:1])
            selector = f"{selector}[href]"
        elif by_class:
            parent_cls = (a.getparent().get("class") or "").split()
            first = next((c for c in parent_cls if _NEXT_CLASS.search(c)), parent_cls[0])
            selector = f"{a.getparent().tag}.{first} a[href]"
        else:
            selector = f"xpath://a[normalize-space()={_xpath_literal(text)}][@href]"
        return NextPage(target, "next-link", selector=selector, api=bool(_API_HINT.search(target)))
    return None


def _current_number(sel: Selector, url: str) -> int:
    shape = page_number(url)
    if shape is not None:
        return shape[1]
    return 1


def _numbered(sel: Selector, base: str, url: str) -> NextPage | None:
    """Among links whose text is a number, the one after the current page."""
    numbered: dict[int, str] = {}
    current_marked = None
    for el in sel.root.iter():
        if not isinstance(el.tag, str):
            continue
        text = normalize_text(text_of(el)) if len(el) == 0 or el.tag == "a" else ""
        if not text.isdecimal() or len(text) > 5:  # isdigit() would pass "²", int() not
            continue
        number = int(text)
        if el.tag == "a":
            target = _usable(el.get("href"), base, url)
            if target:
                numbered.setdefault(number, target)
            elif el.get("aria-current"):
                current_marked = number
        elif el.getparent() is not None and el.tag in ("span", "strong", "em", "b", "li"):
            marks = f"{el.get('class') or ''} {el.get('aria-current') or ''}"
            parent_marks = el.getparent().get("class") or ""
            if re.search(r"current|active|selected|page|true", f"{marks} {parent_marks}", re.I):
                current_marked = number
    if len(numbered) < 1:
        return None
    current = current_marked
    if current is None:
        current = _current_number(sel, url)
    target = numbered.get(current + 1)
    if target is None:
        return None
    # Only a run of page numbers is pagination (not "5 comments"): the target must be a page
    # URL of the listing's shape, or sit among other numbered links.
    if page_number(target) is None and len(numbered) < 2:
        return None
    shape = page_number(target)
    template = shape[0] if shape else None
    return NextPage(
        target,
        "numbered",
        template=template,
        number=shape[1] if shape else None,
    )


def _url_pattern(sel: Selector, base: str, url: str) -> NextPage | None:
    shape = page_number(url)
    if shape is None:
        return None
    template, number = shape
    wanted = template.replace("{page}", str(number + 1))
    for a in sel.root.iter("a"):
        target = _usable(a.get("href"), base, url)
        if target and target.split("#")[0] == wanted:
            return NextPage(target, "url-pattern", template=template, number=number + 1)
    return None


def _load_more(sel: Selector, base: str, url: str) -> NextPage | None:
    for el in sel.root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in _DATA_ATTRS:
            value = el.get(attr)
            if not value:
                continue
            target = _usable(value, base, url)
            if not target:
                continue
            marks = f"{el.get('class') or ''} {el.get('id') or ''} {normalize_text(text_of(el))}"
            if not (
                _NEXT_CLASS.search(marks)
                or _NEXT.match(normalize_text(text_of(el)))
                or re.search(r"more|load|next|pag", marks, re.I)
            ):
                continue
            classes = (el.get("class") or "").split()
            selector = f"{el.tag}.{classes[0]}[{attr}]" if classes else f"{el.tag}[{attr}]"
            shape = page_number(target)
            return NextPage(
                target,
                "load-more",
                selector=selector,
                template=shape[0] if shape else None,
                number=shape[1] if shape else None,
                api=bool(_API_HINT.search(target)) or el.tag == "button",
            )
    return None


def find_next_page(
    html: str | bytes | Selector,
    url: str,
    *,
    rows: str | None = None,
    exclude_links: set[int] | None = None,
) -> NextPage | None:
    """The next listing page after `url`, or None when this looks like the last one.

    Links inside the listing rows (`rows`, a selector, or `exclude_links`, ids of anchor
    elements) are never pagination: a headline that reads "More funding for schools" is not
    a "more" button.
    """
    sel = html if isinstance(html, Selector) else make_selector(html, url)
    base = _base_url(sel, url)
    # The anchors are kept referenced while their ids are compared (lxml proxies are reused
    # only while alive).
    anchors = [a.root for r in sel.xpath(to_xpath(rows)) for a in r.xpath(".//a")] if rows else []
    exclude = (exclude_links or set()) | {id(a) for a in anchors}
    return (
        _rel_next(sel, base, url)
        or _next_link(sel, base, url, exclude)
        or _numbered(sel, base, url)
        or _url_pattern(sel, base, url)
        or _load_more(sel, base, url)
    )
