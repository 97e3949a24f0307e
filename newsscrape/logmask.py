"""Passwords never reach a log line, a traceback or an error message.

A database or Redis URL carries its password (`postgresql://user:secret@host/db`), and it
travels far: into Scrapy's settings, exception messages, the writer process. Masking each
message where it is built (`storage.db.mask_url`) is the first line of defence; this module is
the second, for the messages nobody thought of: a third-party library's exception, a setting
echoed in a debug line, a traceback printed on an unexpected error.

`install()` masks every log record as it is created, through the log-record factory rather
than a handler filter: Scrapy replaces its root handler for every crawler it creates (which
would drop a filter attached to it), and a filter on a logger never sees the records its
children propagate. It also masks the tracebacks Python prints for uncaught exceptions and
the warnings it prints when they are not routed through logging.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
import warnings
from types import TracebackType
from typing import Any

MASK = "***"

# scheme://user:password@host — the password may hold characters a careless URL leaves
# unencoded ("@", "/"), so it runs to the last "@" before the host; the host part after it
# has no "@" and ends at a path, a query, a quote, white space or the end of the text.
_USERINFO = re.compile(
    r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s:/?#@'\"<>]*:)"
    r"(?P<secret>[^\s'\"<>]{0,1024}?)"
    r"@(?=[^\s@/?#'\"<>]*(?:[\s/?#'\"<>,;)\]}\\]|$))"
)
# password=... in a query string (?password=), a libpq DSN or an environment dump
# (DB_PASSWORD=...), and "Password: ..." as Scrapy's telnet console logs its own.
_PARAM = re.compile(
    r"(?i)(?P<head>(?<![a-z0-9])(?:ssl)?(?:password|passwd|pwd)\s*[=:]\s*)"
    r"(?P<secret>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^\s&;#'\"<>,)]+)"
)
# 'password': '...' in the repr of a dict of connection arguments or of settings
# ('TELNETCONSOLE_PASSWORD': '...' in Scrapy's "Overridden settings" line).
_KEY = re.compile(
    r"(?i)(?P<head>['\"][\w.-]*?(?:password|passwd|pwd)['\"]\s*:\s*)"
    r"(?P<secret>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
)
# Cheap test first: most log lines (every crawled page at DEBUG) hold nothing to mask.
_HINT = re.compile(r"(?i)://|passw|pwd")


def mask_text(text: str) -> str:
    """`text` with every password in a URL, a DSN or a connection dict replaced by ***."""
    if not text or not _HINT.search(text):
        return text
    text = _USERINFO.sub(lambda m: f"{m['head']}{MASK}@", text)
    text = _PARAM.sub(lambda m: f"{m['head']}{MASK}", text)
    return _KEY.sub(lambda m: f"{m['head']}'{MASK}'", text)


_FORMATTER = logging.Formatter()


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask a record's message, exception text and stack in place (and return it).

    The message is rendered once here; when something was masked it replaces the format
    string and the arguments are dropped, so no handler can render the original again.
    """
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: the handler reports it, as it would anyway
        return record
    masked = mask_text(message)
    if masked != message:
        record.msg, record.args = masked, None
    if record.exc_info and not record.exc_text:
        text = _FORMATTER.formatException(record.exc_info)
        masked = mask_text(text)
        if masked != text:
            record.exc_text = masked  # formatters use exc_text when it is set
    if record.stack_info:
        record.stack_info = mask_text(record.stack_info)
    return record


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """Print an uncaught exception's traceback as Python would, passwords masked."""
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    sys.stderr.write(mask_text(text))
    sys.stderr.flush()


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else threading.get_ident()
    text = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
    if sys.stderr is not None:
        sys.stderr.write(mask_text(f"Exception in thread {name}:\n{text}"))
        sys.stderr.flush()


_installed = False
_lock = threading.Lock()


def install() -> None:
    """Mask passwords in everything this process logs or prints for an uncaught error.

    Idempotent and process-wide; called by the CLI, by `run_crawl` and by `scrapy crawl`.
    """
    global _installed
    with _lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            return mask_record(previous(*args, **kwargs))

        logging.setLogRecordFactory(factory)
        sys.excepthook = _excepthook
        threading.excepthook = _thread_excepthook
        format_warning = warnings.formatwarning

        def formatwarning(*args: Any, **kwargs: Any) -> str:
            return mask_text(format_warning(*args, **kwargs))

        warnings.formatwarning = formatwarning
        _installed = True
