"""Distributed crawling on Redis: `newsscrape crawl SOURCE` on several machines, one frontier.

scrapy-redis gives the shared parts: a request queue and a duplicate filter in Redis, so the
workers of one source split the listing pages and articles between them. What it does not give
is completeness when a worker dies: the requests it had taken off the queue are gone, and the
duplicate filter still says they were seen. `Coordinator` (an extension, on when
NEWSSCRAPE_REDIS_URL is set) closes that gap with the corpus as the judge of what is missing:

- every worker keeps a heartbeat and says whether it is busy, in a Redis hash;
- a worker whose queue is empty waits (DontCloseSpider) while any live worker is busy, since
  that worker may still push requests or die holding some; a worker counts as busy from the
  moment it takes a request off the queue until its engine is idle again;
- a worker whose heartbeat stops is declared dead; after a death one worker starts a *sweep*:
  the listing walked again with unfiltered requests, where the incremental middleware drops
  every article already stored, so only what the dead worker held is fetched again;
- when every worker is idle, the queue is empty and no sweep is owed, and that picture holds
  still across two idle checks with a fresh heartbeat from every worker in between, the crawl
  is complete and its keys are removed (atomically, and only if the queue is still empty), so
  the next crawl of the source walks the listing afresh. One look is not enough: a worker that
  has just taken the last request publishes that it is busy only at its next heartbeat, and
  declaring the crawl complete in that gap would delete a frontier it is about to extend.

All workers of one crawl share the same incremental baseline (the first worker's run), so an
article another worker stored during this crawl counts as "resumed", not as "known": it is
skipped but does not stop the listing walk.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from typing import Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet.task import LoopingCall

from newsscrape.logmask import mask_text
from newsscrape.storage.db import mask_url

logger = logging.getLogger(__name__)

SWEEP = "newsscrape_sweep"  # request meta: part of a sweep (unfiltered, fetch what is missing)

_MIN_BASELINE = """
local v = redis.call('HGET', KEYS[1], 'baseline')
if (not v) or tonumber(v) > tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'baseline', ARGV[1])
  return ARGV[1]
end
return v
"""
_COMPLETE = """
if redis.call('ZCARD', KEYS[2]) > 0 then return 0 end
local deaths = tonumber(redis.call('HGET', KEYS[1], 'deaths') or '0')
local swept = tonumber(redis.call('HGET', KEYS[1], 'swept') or '0')
if deaths > swept then return 0 end
redis.call('HSET', KEYS[1], 'done', '1')
redis.call('DEL', KEYS[2], KEYS[3])
return 1
"""
_CLAIM_SWEEP = """
local deaths = tonumber(redis.call('HGET', KEYS[1], 'deaths') or '0')
local swept = tonumber(redis.call('HGET', KEYS[1], 'swept') or '0')
if deaths > swept then
  redis.call('HSET', KEYS[1], 'swept', deaths)
  return 1
end
return 0
"""


def keys(source: str) -> dict[str, str]:
    """The Redis keys of one source's crawl."""
    prefix = f"newsscrape:{source}"
    return {
        "requests": f"{prefix}:requests",
        "dupefilter": f"{prefix}:dupefilter",
        "workers": f"{prefix}:workers",
        "state": f"{prefix}:state",
    }


def redis_settings(source: str, redis_url: str) -> dict[str, Any]:
    """Scrapy settings that put a source's crawl on the shared Redis frontier."""
    k = keys(source)
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": k["requests"],
        "SCHEDULER_DUPEFILTER_KEY": k["dupefilter"],
        # Never flush on close: other workers are still using the queue. The coordinator
        # removes the keys when the whole crawl is complete.
        "SCHEDULER_PERSIST": True,
        "REDIS_URL": redis_url,
    }


class Coordinator:
    """Heartbeats, waiting for the other workers, sweeps after a death, cleanup at the end."""

    def __init__(self, crawler: Any, url: str) -> None:
        import redis

        self.crawler = crawler
        self.url = url
        self.server = redis.Redis.from_url(url, decode_responses=True)
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.interval = crawler.settings.getfloat("NEWSSCRAPE_REDIS_HEARTBEAT", 2.0)
        self.ttl = self.interval * 5
        self.keys: dict[str, str] = {}
        self.busy = True
        self.done = False
        self._idle_dequeued = 0  # requests this worker had taken when it was last idle
        self._candidate: tuple[float, dict[str, int]] | None = None  # first look at "complete"
        self._beat = LoopingCall(self.heartbeat)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> Coordinator:
        url = crawler.settings.get("NEWSSCRAPE_REDIS_URL")
        if not url:
            raise NotConfigured
        return cls(crawler, url)

    # -- lifecycle ------------------------------------------------------------------------

    def spider_opened(self, spider: Any) -> None:
        import redis

        self.keys = keys(spider.source.name)
        try:
            self._join()
        except redis.RedisError as exc:
            # The stat is stored with the run (crawl_runs.stats): masked like the log line.
            reason = mask_text(str(exc))
            logger.error("Redis at %s: %s", mask_url(self.url), reason)
            self.crawler.stats.set_value("newsscrape/error", f"Redis: {reason}")
            self.crawler.engine.close_spider_async(reason="redis_unavailable")
            return
        self._adopt_baseline()
        self._beat.start(self.interval, now=True)
        logger.info(
            "Distributed crawl of %s on %s as worker %s",
            spider.source.name, mask_url(self.url), self.worker,
        )  # fmt: skip

    def _join(self) -> None:
        """Register; start afresh after a completed crawl, resume after an interrupted one."""
        self._reap()
        state = self.server.hgetall(self.keys["state"])
        live = self.server.hlen(self.keys["workers"])
        queued = self.server.exists(self.keys["requests"], self.keys["dupefilter"])
        if state.get("done") or not (live or queued):
            # The last crawl completed (its last workers may still be closing): start afresh.
            self.server.delete(self.keys["state"], self.keys["dupefilter"])
        elif not live:
            # Every worker of the last crawl stopped before it was complete: the queue is
            # resumed, and what they held is found by a sweep at the end.
            self.server.hincrby(self.keys["state"], "deaths", 1)
            logger.info("Resuming an interrupted distributed crawl")
        self._publish()

    def _adopt_baseline(self) -> None:
        from newsscrape.runs import RunRecorder

        recorder = self.crawler.get_extension(RunRecorder)
        if recorder is None or recorder.run_id is None:
            return
        shared = int(self.server.eval(_MIN_BASELINE, 1, self.keys["state"], recorder.baseline_run))
        recorder.baseline_run = min(recorder.baseline_run, shared)

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self._beat.running:
            self._beat.stop()
        if not self.keys:
            return
        try:
            self.server.hdel(self.keys["workers"], self.worker)
            if reason != "finished" and not self.done:
                # Stopped early (Ctrl-C, a limit): what it held is owed a sweep.
                self.server.hincrby(self.keys["state"], "deaths", 1)
        except Exception as exc:  # closing anyway; the heartbeat expiry does the same
            logger.warning("Redis at close: %s", mask_text(str(exc)))

    # -- heartbeat ------------------------------------------------------------------------

    def _dequeued(self) -> int:
        """Requests this worker has taken off the shared queue (scrapy-redis counts them)."""
        return int(self.crawler.stats.get_value("scheduler/dequeued/redis", 0) or 0)

    def _publish(self) -> None:
        record = {"ts": time.time(), "busy": self.busy, "dequeued": self._dequeued()}
        self.server.hset(self.keys["workers"], self.worker, json.dumps(record))

    def _records(self) -> dict[str, dict[str, Any]]:
        records = {}
        for worker, raw in self.server.hgetall(self.keys["workers"]).items():
            try:
                records[worker] = dict(json.loads(raw))
            except (ValueError, TypeError):
                records[worker] = {}
        return records

    def _reap(self) -> int:
        """Declare workers whose heartbeat stopped dead; each death owes a sweep."""
        now = time.time()
        dead = 0
        for worker, raw in self.server.hgetall(self.keys["workers"]).items():
            if worker == self.worker:
                continue
            try:
                ts = float(json.loads(raw)["ts"])
            except (ValueError, KeyError, TypeError):
                ts = 0.0
            if now - ts > self.ttl and self.server.hdel(self.keys["workers"], worker):
                dead += 1
                self.server.hincrby(self.keys["state"], "deaths", 1)
                self.crawler.stats.inc_value("newsscrape/distributed/dead_workers")
                logger.warning("Worker %s stopped answering; its requests will be swept", worker)
        return dead

    def heartbeat(self) -> None:
        try:
            engine = self.crawler.engine
            slot = getattr(engine, "_slot", None)
            in_progress = bool(slot and slot.inprogress)
            # Busy from the moment a request is taken, even one already done by now: only the
            # engine going idle (spider_idle) makes this worker idle again.
            taken = self._dequeued() > self._idle_dequeued
            self.busy = self.busy or in_progress or taken
            self._publish()
            self._reap()
        except Exception as exc:  # a Redis hiccup must not kill the crawl
            logger.warning("Redis heartbeat: %s", mask_text(str(exc)))

    # -- the end of the crawl -------------------------------------------------------------

    def spider_idle(self, spider: Any) -> None:
        """Called when this worker has nothing to do: wait, sweep, or finish."""
        self.busy = False
        self._idle_dequeued = self._dequeued()
        self._publish()
        if self.server.zcard(self.keys["requests"]):
            self.busy = True
            self._candidate = None
            raise DontCloseSpider  # more work arrived; the engine takes it
        if self.server.hget(self.keys["state"], "done"):
            self.done = True  # another worker saw the crawl complete; nothing is left
            logger.info("Distributed crawl complete")
            return
        self._reap()
        records = self._records()
        if any(r.get("busy") for w, r in records.items() if w != self.worker):
            self._candidate = None
            raise DontCloseSpider  # a live worker may still push requests or die
        if self.server.eval(_CLAIM_SWEEP, 1, self.keys["state"]):
            self.busy = True
            self._candidate = None
            self._publish()
            self.crawler.stats.inc_value("newsscrape/distributed/sweeps")
            logger.info("Sweeping: walking the listing again for what lost workers held")
            for request in spider.sweep_requests():
                self.crawler.engine.crawl(request)
            raise DontCloseSpider
        if not self._settled(records):
            raise DontCloseSpider  # look again at the next idle call
        k = self.keys
        if not self.server.eval(_COMPLETE, 3, k["state"], k["requests"], k["dupefilter"]):
            self._candidate = None
            raise DontCloseSpider  # work arrived, or a death was declared, since
        # Complete: every worker idle, nothing queued, nothing owed.
        self.done = True
        logger.info("Distributed crawl complete")

    def _settled(self, records: dict[str, dict[str, Any]]) -> bool:
        """Whether the all-idle picture has held since an earlier look, as seen through a
        heartbeat of every other worker published after that look.

        A worker's heartbeat after the first look carries every request it took before it;
        the same counts and the same workers mean nobody took one in between.
        """
        counts = {w: int(r.get("dequeued", -1)) for w, r in records.items()}
        if self._candidate is None or self._candidate[1] != counts:
            self._candidate = (time.time(), counts)
            return False
        since = self._candidate[0]
        return all(float(r.get("ts", 0)) > since for w, r in records.items() if w != self.worker)
