"""Scrapy's JOBDIR, one per source, made safe against SIGKILL.

Scrapy persists a paused crawl (its request queue and the spider's state) in JOBDIR when it
stops gracefully (SIGTERM, Ctrl-C, the scheduler's shutdown), and the next run continues from
it. After SIGKILL that state cannot be trusted: queuelib writes a disk queue's index only on
close, so the queue is lost while requests already taken from it are gone too. So a lock file
marks a crawl in progress; a lock left by a dead process means the job state is discarded and
the crawl resumes from the corpus instead (the listing is walked again, stored articles are
skipped; see `newsscrape.incremental`). The same lock stops two crawls of one source on one
machine from sharing the directory.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from pathlib import Path

from newsscrape.storage.history import pid_alive, this_host

logger = logging.getLogger(__name__)


class SourceBusy(RuntimeError):
    """Another live crawl of the same source holds the job directory."""


def job_dir(state_dir: str | os.PathLike[str], source: str) -> Path:
    return Path(state_dir) / "jobs" / re.sub(r"[^\w.-]+", "_", source)


def acquire(path: Path) -> str:
    """Lock the source's job directory; returns "fresh", "paused" or "discarded".

    "paused": a graceful stop left Scrapy state to continue from. "discarded": a killed
    crawl left state that was thrown away.
    """
    lock = path / "lock.json"
    outcome = "fresh"
    if lock.exists():
        try:
            owner = json.loads(lock.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            owner = {}
        pid, host = owner.get("pid"), owner.get("host")
        if isinstance(pid, int) and host == this_host() and pid_alive(pid) and pid != os.getpid():
            raise SourceBusy(
                f"this source is being crawled by process {pid} (lock {lock}); "
                "wait for it to finish or stop it"
            )
        logger.warning(
            "a crawl of this source was killed (pid %s); its Scrapy job state cannot be "
            "trusted and is discarded: resuming from the corpus",
            pid,
        )
        shutil.rmtree(path, ignore_errors=True)
        outcome = "discarded"
    elif (path / "scrapy").exists():
        outcome = "paused"
    path.mkdir(parents=True, exist_ok=True)
    lock.write_text(json.dumps({"pid": os.getpid(), "host": this_host()}), encoding="utf-8")
    return outcome


def release(path: Path, finished: bool) -> None:
    """After a finished crawl the state is spent; after a graceful stop it is kept."""
    if finished:
        shutil.rmtree(path, ignore_errors=True)
    else:
        (path / "lock.json").unlink(missing_ok=True)
