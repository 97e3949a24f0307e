"""URL canonicalization: one release, one key, whatever link led to it.

Listings link the same release with tracking parameters, fragments, a trailing slash or a
different parameter order. The canonical form strips what never selects content and keeps
everything that might (unknown query parameters stay: `?id=123` is content on many CMSs).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Parameters that only ever carry campaign or click tracking.
_TRACKING = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|gclsrc|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|yclid|igshid|"
    r"ref_src|ref_url|cmpid|ncid|ocid|sr_share|at_medium|at_campaign|at_custom\d*|mkt_tok|"
    r"_hsenc|_hsmi|hsctatracking|vero_id|wt\.mc_id|wt_mc|s_cid|spm|share|sharesource)$",
    re.IGNORECASE,
)


def join_url(base: str, href: str) -> str | None:
    """`href` resolved against `base`, or None when it is not a URL at all.

    urljoin raises ValueError on a malformed host ("http://[", "//[zz]/"), which broken and
    hostile pages contain; such a link leads nowhere, so it is skipped instead of losing the
    page it is on.
    """
    try:
        return urljoin(base, href)
    except ValueError:
        return None


def strip_tracking(url: str) -> str:
    """Drop tracking parameters and the fragment, keep everything else as written.

    Used on links before they are requested, so the variants are fetched once.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    query = parts.query
    if query:
        keep = [p for p in query.split("&") if p and not _TRACKING.match(p.split("=", 1)[0])]
        query = "&".join(keep)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def canonical_url(url: str) -> str:
    """Return the key under which a release is stored.

    w3lib does the heavy lifting (percent-encoding, sorted query, lowercase host); on top of
    that tracking parameters and default ports go, and a trailing slash on a non-root path is
    dropped because news CMSs serve `/news/x` and `/news/x/` as one page.
    """
    try:
        parts = urlsplit(canonicalize_url(strip_tracking(url), keep_fragments=False))
        port = parts.port
    except ValueError:
        return url
    netloc = parts.netloc
    if (parts.scheme, port) in (("http", 80), ("https", 443)):
        netloc = netloc.rsplit(":", 1)[0]
    path = parts.path
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    return urlunsplit((parts.scheme, netloc, path, parts.query, ""))
