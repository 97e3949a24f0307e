"""Deployment to Scrapyd, end to end: `scrapyd-deploy` builds the egg, a real `scrapyd` on
127.0.0.1 takes it through its HTTP API, runs the listing spider against the local fixture
site, and the articles land in the database.

Scrapyd puts the egg on sys.path as a zip file, so the shipped sources and the Alembic
migrations are read from inside a zip there; the egg test checks that on its own, quicker.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
from sqlalchemy import create_engine, text

from newsscrape.fixture_server import FixtureServer

from .conftest import LISTING_PATH, ROOT, free_port, load_expected, wait_until_up

BIN = Path(sys.executable).parent
PROJECT = "newsscrape"


def _clean_env(**extra: str) -> dict[str, str]:
    """This environment without what would point a crawl elsewhere than the test says."""
    drop = {"DATABASE_URL", "SCRAPY_SETTINGS_MODULE", "SCRAPY_PROJECT", "NEWSSCRAPE_SOURCES_DIR"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def egg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's egg, built by `scrapyd-deploy --build-egg` from the project root.

    setuptools' build and egg-info directories go to a temporary directory (DIST_EXTRA_CONFIG),
    and so does scrapyd-deploy's own, which it does not remove (TMPDIR): nothing is written
    into the working tree.
    """
    work = tmp_path_factory.mktemp("egg")
    (work / "tmp").mkdir()
    (work / "egg-info").mkdir()
    config = work / "build.cfg"
    config.write_text(
        f"[build]\nbuild_base = {work / 'build'}\n[egg_info]\negg_base = {work / 'egg-info'}\n",
        encoding="utf-8",
    )
    target = work / f"{PROJECT}.egg"
    result = subprocess.run(
        [str(BIN / "scrapyd-deploy"), "--build-egg", str(target), "--debug"],
        cwd=ROOT,
        env=_clean_env(DIST_EXTRA_CONFIG=str(config), TMPDIR=str(work / "tmp")),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0 and target.is_file(), result.stdout + result.stderr
    return target


def test_egg_works_zipped(egg: Path, tmp_path: Path) -> None:
    """Imported from the zipped egg the way Scrapyd's runner does it, newsscrape finds its
    settings entry point, its sources and its migrations, and creates a corpus schema."""
    db = tmp_path / "corpus.db"
    script = f"""
import json, os
from scrapyd.runner import activate_egg
activate_egg({str(egg)!r})
import newsscrape, pipelines.store
from newsscrape.sources import available_sources, load_source
from newsscrape.storage.db import ensure_schema, make_engine
engine = make_engine({f"sqlite:///{db}"!r})
print(json.dumps({{
    "settings": os.environ["SCRAPY_SETTINGS_MODULE"],
    "modules": [newsscrape.__file__, pipelines.store.__file__],
    "sources": sorted(available_sources()),
    "source": load_source("amnesty-ca").name,
    "schema": [ensure_schema(engine), ensure_schema(engine)],
}}))
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["settings"] == "newsscrape.settings"
    # The code comes from the zip, not from the checkout (which may be installed editable).
    for module in report["modules"]:
        assert module.startswith(str(egg) + os.sep), module
    assert "amnesty-ca" in report["sources"]
    assert report["source"] == "amnesty-ca"
    assert report["schema"] == ["created", "current"]


# --- a real Scrapyd ---------------------------------------------------------------------------


def _call(base: str, endpoint: str, data: Any = None, **query: str) -> dict[str, Any]:
    """GET (or POST `data`: form fields, or a prepared Request body) a Scrapyd endpoint."""
    url = f"{base}/{endpoint}" + (f"?{urlencode(query)}" if query else "")
    if isinstance(data, tuple):  # (body, content type)
        request = Request(url, data=data[0], headers={"Content-Type": data[1]})
    elif data is not None:
        request = Request(url, data=urlencode(data).encode())
    else:
        request = Request(url)
    with urlopen(request, timeout=60) as response:
        answer = json.loads(response.read())
    assert answer.get("status") == "ok", f"{endpoint}: {answer}"
    return answer


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body (addversion.json takes the egg as a file upload)."""
    boundary = uuid.uuid4().hex
    body = b""
    parts = [(name, None, value.encode()) for name, value in fields.items()]
    parts += [(name, filename, content) for name, (filename, content) in files.items()]
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
        body += content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[str]:
    """A Scrapyd of our own on 127.0.0.1 (its state in tmp_path); yields its base URL."""
    port = free_port()
    (tmp_path / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"eggs_dir = {tmp_path / 'eggs'}\n"
        f"logs_dir = {tmp_path / 'logs'}\n"
        f"dbs_dir = {tmp_path / 'dbs'}\n"
        "items_dir =\n"
        "jobs_dir =\n"
        "poll_interval = 0.2\n"
        "max_proc = 1\n",
        encoding="utf-8",
    )
    output = tmp_path / "scrapyd.out"
    # HOME is tmp_path too, so that no ~/.scrapyd.conf of the user's overrides this one.
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [str(BIN / "scrapyd")],
            cwd=tmp_path,
            env=_clean_env(HOME=str(tmp_path)),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(
            lambda: _call(base, "daemonstatus.json"),
            process, lambda: output.read_text(errors="replace"), "scrapyd",
        )  # fmt: skip
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _job_report(job: str, log: Path, daemon_output: Path) -> str:
    """The job's log, and what Scrapyd saw of its process (stderr, exit status)."""
    job_log = log.read_text(errors="replace") if log.exists() else "(no job log)"
    launcher = [
        line
        for line in daemon_output.read_text(errors="replace").splitlines()
        if "[Launcher," in line or job in line or line.startswith("\t")
    ]
    return f"--- job log {log}:\n{job_log}\n--- scrapyd launcher:\n" + "\n".join(launcher)


def _wait_finished(base: str, job: str, report: Any, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = _call(base, "listjobs.json", project=PROJECT)
        if any(j["id"] == job for j in jobs["finished"]):
            return
        time.sleep(0.5)
    pytest.fail(f"job {job} did not finish within {timeout:.0f}s\n{report()}")


def test_scrapyd_schedules_listing_into_database(
    scrapyd: str, egg: Path, amnesty_server: FixtureServer, tmp_path: Path
) -> None:
    version = "1"
    body = _multipart(
        {"project": PROJECT, "version": version}, {"egg": (egg.name, egg.read_bytes())}
    )
    added = _call(scrapyd, "addversion.json", data=body)
    assert added["spiders"] >= 1
    assert "listing" in _call(scrapyd, "listspiders.json", project=PROJECT)["spiders"]

    db = tmp_path / "corpus.db"
    job = _call(
        scrapyd,
        "schedule.json",
        data=[
            ("project", PROJECT),
            ("spider", "listing"),
            ("source", "amnesty-ca"),
            ("url", amnesty_server.url + LISTING_PATH),
            ("setting", f"NEWSSCRAPE_DATABASE_URL=sqlite:///{db}"),
            ("setting", "DOWNLOAD_DELAY=0"),
            ("setting", "AUTOTHROTTLE_ENABLED=False"),
        ],
    )["jobid"]
    log = tmp_path / "logs" / PROJECT / "listing" / f"{job}.log"
    _wait_finished(scrapyd, job, lambda: _job_report(job, log, tmp_path / "scrapyd.out"))
    job_log = _job_report(job, log, tmp_path / "scrapyd.out")

    assert db.exists(), job_log
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            articles = conn.execute(text("SELECT count(*) FROM articles")).scalar_one()
            runs = conn.execute(text("SELECT status, trigger, log_path FROM crawl_runs")).all()
            quotes = conn.execute(text("SELECT count(*) FROM quotes")).scalar_one()
    finally:
        engine.dispose()
    assert articles == len(load_expected("amnesty-ca")["articles"]) == 15, job_log
    assert [r.status for r in runs] == ["succeeded"], job_log
    assert runs[0].trigger == "scrapyd"
    assert runs[0].log_path == str(log)
    assert quotes > 0, job_log
