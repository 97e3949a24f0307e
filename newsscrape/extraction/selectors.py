"""One selector syntax for source files: CSS by default, XPath when it looks like XPath.

Researchers copy selectors from browser dev tools, which give CSS; XPath is there for the cases
CSS cannot express (text conditions, following siblings). Selectors are compiled once when a
source is loaded, so a typo fails at load time with the source file and key, not mid-crawl.
"""

from __future__ import annotations

from functools import lru_cache

from cssselect import GenericTranslator, SelectorError
from lxml import etree

_XPATH_PREFIXES = ("/", "./", "(", "xpath:")


def to_xpath(selector: str) -> str:
    """Translate a CSS or XPath selector to a relative XPath expression (cached)."""
    return _to_xpath(selector.strip())


@lru_cache(maxsize=512)
def _to_xpath(selector: str) -> str:
    if selector.startswith("xpath:"):
        return selector[len("xpath:") :].strip()
    if selector.startswith(_XPATH_PREFIXES):
        return selector
    return GenericTranslator().css_to_xpath(selector, prefix="descendant-or-self::")


def check_selector(selector: str) -> str | None:
    """Return why `selector` is invalid, or None when it compiles."""
    if not selector or not selector.strip():
        return "selector is empty"
    try:
        etree.XPath(to_xpath(selector))
    except SelectorError as exc:
        return f"invalid CSS selector: {exc}"
    except etree.XPathSyntaxError as exc:
        return f"invalid XPath: {exc}"
    return None
