"""Browsing the corpus in a real (headless) Chromium through `newsscrape serve` (Datasette).

The browser is Debian's chromium (`make browser` installs it). Where NEWSSCRAPE_TEST_BROWSER
is set (`.ci/run` sets it), a missing browser fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsscrape.fixture_server import FixtureServer

from .conftest import crawl_cli, free_port, wait_until_up

BROWSER = os.environ.get("NEWSSCRAPE_TEST_BROWSER") or "/usr/bin/chromium"


@pytest.fixture
def served(amnesty_server: FixtureServer, tmp_path: Path) -> Iterator[str]:
    db = tmp_path / "corpus.db"
    assert crawl_cli(amnesty_server, f"sqlite:///{db}").returncode == 0
    port = free_port()
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("newsscrape")), "serve", "--db", f"sqlite:///{db}",
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(
            lambda: urllib.request.urlopen(base + "/-/versions.json", timeout=2).close(),
            proc, lambda: proc.stdout.read() if proc.stdout else "", "newsscrape serve",
        )  # fmt: skip
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_search_in_a_real_browser_shows_the_quote_and_its_speaker(
    served: str, tmp_path: Path
) -> None:
    if not Path(BROWSER).exists():
        if os.environ.get("NEWSSCRAPE_TEST_BROWSER"):
            pytest.fail(f"NEWSSCRAPE_TEST_BROWSER={BROWSER} does not exist")
        pytest.skip(f"no browser at {BROWSER} (run `make browser`)")
    import matplotlib.image
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=BROWSER, headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{served}/corpus/quotes_browse")
        assert "Quotes" in page.inner_text("h1")  # the title from our metadata
        page.fill("input[name=_search]", '"death penalty"')
        page.press("input[name=_search]", "Enter")
        page.wait_for_load_state("networkidle")
        body = page.inner_text("body")
        assert "1 row" in body
        assert "Lynn Maalouf" in body
        assert "Use of the death penalty for offences committed by people under 18" in body
        facets = page.inner_text(".facet-results")
        assert "speaker" in facets and "month" in facets
        shot = tmp_path / "search.png"
        page.screenshot(path=str(shot), full_page=True)
        page.goto(f"{served}/corpus/quotes_by_speaker?speaker=Natalia+Zviagina")
        canned = page.inner_text("body")
        assert canned.count("Amnesty International") >= 2  # both spellings, one speaker
        browser.close()
    pixels = matplotlib.image.imread(shot)
    assert pixels.shape[0] >= 600 and pixels.std() > 0.05  # rendered, not blank
