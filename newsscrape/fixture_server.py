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
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
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


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        status, file = resolve(self.server.root, self.path)
        if file is not None and file.is_file():
            body = file.read_bytes().replace(BASE_MARK, self.server.base.encode())
        else:
            body = f"<html><body><h1>{status}</h1></body></html>".encode()
        self.send_response(status)
        ctype = _TYPES.get(file.suffix if file else ".html", "application/octet-stream")
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the crawl logs what matters; per-request lines would drown it


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    root: Path
    base: str


class FixtureServer:
    """Serve a saved site on 127.0.0.1 in a background thread (port 0: a free port)."""

    def __init__(self, root: str | Path, port: int = 0) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise FileNotFoundError(f"fixture site not found: {self.root}")
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.root = self.root
        self._server.base = self.url
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

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
