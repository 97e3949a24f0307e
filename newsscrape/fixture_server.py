"""A local HTTP server for saved sites: the demo and the tests crawl it, never the live web.

URL → file convention (documented in fixtures/README.md):
  /a/b            → site/a/b.html, site/a/b/index.html, site/a/b.json, site/a/b.xml,
                    site/a/b/index.xml, or the file site/a/b itself (robots.txt)
  /a/b?page=N     → site/a/b/page-N.html or .json (N >= 1; page=0 or none → as without it)
  trailing slashes, fragments and other query parameters are ignored
  missing         → site/404.html with status 404
  site/_routes.json maps a path to a forced status, e.g. {"/news/server-error": 500}
  __BASE__ in any served file becomes the server's own base URL (http://127.0.0.1:PORT), so
  sitemaps, feeds and canonical links can carry absolute URLs although the port is random.

Faults, for reliability tests: `FixtureServer(root, faults={"/news/x": Fault(status=503,
retry_after="1", times=2)})`, or site/_faults.json with the same fields per path
({"/news/x": {"status": 503, "times": 2}}). A key with a query ("/news?page=3") matches only
that page; a key without one matches the path with any query. A fault answers the first
`times` requests (all when None) and then the page is served normally; `hits` counts the
requests per path and query. `switch_root(after, root)` serves another copy of the site once
`after` has been served (a listing that changes while it is crawled).
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, fields
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

# Politeness is pointless against our own server on 127.0.0.1: crawl it at full speed.
LOCAL_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "RETRY_TIMES": 1,
}

BASE_MARK = b"__BASE__"
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".json": "application/json",
}


def resolve(root: Path, raw_path: str) -> tuple[int, Path | None]:
    """Map a request path (with query) to a status and a file under `root`."""
    parts = urlsplit(raw_path)
    rel = unquote(parts.path).strip("/")
    routes_file = root / "_routes.json"
    if routes_file.is_file():
        routes = json.loads(routes_file.read_text(encoding="utf-8"))
        if "/" + rel in routes:
            return int(routes["/" + rel]), None
    if ".." in rel.split("/"):
        return 404, root / "404.html"
    page = parse_qs(parts.query).get("page", ["0"])[0]
    if page.isdigit() and int(page) > 0:
        candidates = [root / rel / f"page-{int(page)}.html", root / rel / f"page-{int(page)}.json"]
    elif not rel:
        candidates = [root / "index.html"]
    else:  # a page, a directory index, a JSON or XML document, a file with its own extension
        candidates = [
            root / f"{rel}.html",
            root / rel / "index.html",
            root / f"{rel}.json",
            root / f"{rel}.xml",
            root / rel / "index.xml",
            root / rel,
        ]
    for candidate in candidates:
        if candidate.is_file():
            return 200, candidate
    return 404, root / "404.html"


@dataclass
class Fault:
    """What goes wrong with one page; fields combine (a slow page that is then truncated)."""

    status: int | None = None  # answer with this status instead of the page
    retry_after: str | None = None  # Retry-After header (seconds or an HTTP date)
    times: int | None = None  # the first `times` requests get the fault; None: every one
    delay: float = 0.0  # seconds before answering (slow pages, timeouts)
    reset: bool = False  # drop the connection without answering
    truncate: float | None = None  # send this fraction of the body; Content-Length says all
    encoding: str | None = None  # the page re-encoded in this charset, still labelled UTF-8
    pad: int = 0  # bytes of HTML comment appended (a page over the size cap)
    redirect: str | None = None  # answer 302 to this path

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fault:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown fault fields {sorted(unknown)}; known: {sorted(known)}")
        return cls(**data)


def _load_faults(root: Path) -> dict[str, Fault]:
    file = root / "_faults.json"
    if not file.is_file():
        return {}
    data = json.loads(file.read_text(encoding="utf-8"))
    return {path: Fault.from_dict(spec) for path, spec in data.items()}


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        key = _key(self.path)
        fault = self.server.fault_for(key)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.reset:
            # RST instead of an answer: the client sees the connection reset by the peer.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            return
        root = self.server.current_root(key)
        status, file = resolve(root, self.path)
        headers: dict[str, str] = {}
        if fault is not None and fault.redirect:
            status, file = 302, None
            headers["Location"] = fault.redirect
        elif fault is not None and fault.status:
            status, file = fault.status, None
            if fault.retry_after is not None:
                headers["Retry-After"] = fault.retry_after
        if file is not None and file.is_file():
            body = file.read_bytes().replace(BASE_MARK, self.server.base.encode())
        else:
            body = f"<html><body><h1>{status}</h1></body></html>".encode()
        if fault is not None and fault.encoding:
            body = body.decode("utf-8").encode(fault.encoding, errors="replace")
        if fault is not None and fault.pad:
            body += b"<!--" + b"x" * fault.pad + b"-->"
        self.send_response(status)
        ctype = _TYPES.get(file.suffix if file else ".html", "application/octet-stream")
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        if fault is not None and fault.truncate is not None:
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[: int(len(body) * fault.truncate)])
            self.close_connection = True
            return
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the crawl logs what matters; per-request lines would drown it


def _key(raw_path: str) -> str:
    """The request as fault keys and hit counts name it: the path, and the query if any."""
    parts = urlsplit(raw_path)
    path = "/" + unquote(parts.path).strip("/")
    return f"{path}?{parts.query}" if parts.query else path


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    root: Path
    base: str
    faults: dict[str, Fault]
    hits: Counter[str]
    lock: threading.Lock
    switch: tuple[str, Path] | None = None

    def fault_for(self, key: str) -> Fault | None:
        """Count the request; the fault that applies to this hit, if any."""
        with self.lock:
            self.hits[key] += 1
            path = key.split("?", 1)[0]
            fault = self.faults.get(key) or self.faults.get(path)
            if fault is None:
                return None
            exact = key if key in self.faults else path
            served = sum(n for k, n in self.hits.items() if k == exact or k.split("?")[0] == exact)
            if fault.times is not None and served > fault.times:
                return None
            return fault

    def current_root(self, key: str) -> Path:
        """The site this request sees: the switched one once `after` has been answered."""
        with self.lock:
            if self.switch is None:
                return self.root
            after, root = self.switch
            # This request is already counted: `after` itself switches from its second hit.
            if self.hits[after] > (1 if key == after else 0):
                return root
            return self.root


class FixtureServer:
    """Serve a saved site on 127.0.0.1 in a background thread (port 0: a free port)."""

    def __init__(
        self, root: str | Path, port: int = 0, faults: dict[str, Fault] | None = None
    ) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise FileNotFoundError(f"fixture site not found: {self.root}")
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.root = self.root
        self._server.base = self.url
        self._server.faults = {**_load_faults(self.root), **(faults or {})}
        self._server.hits = Counter()
        self._server.lock = threading.Lock()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def hits(self) -> Counter[str]:
        """Requests per path (and query), faulty ones included."""
        return self._server.hits

    def switch_root(self, after: str, root: str | Path) -> None:
        """Once `after` ("/news", "/news?page=2") has been answered, serve `root` instead."""
        self._server.switch = (after, Path(root).resolve())

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FixtureServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def __enter__(self) -> FixtureServer:
        return self.start()

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()
