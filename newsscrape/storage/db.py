"""Opening the corpus database and keeping its schema current.

Errors here are the first thing a new user meets (a typo in a URL, a missing directory, an
old schema), so they are turned into `DatabaseError` with one clear line and the password
masked.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from newsscrape.logmask import MASK, mask_text

DEFAULT_URL = "sqlite:///newsscrape.db"
# The packaged migrations: a directory when installed, a directory inside the zip when the
# package is imported from an egg (Scrapyd). Alembic needs files: see `migrations_dir`.
MIGRATIONS_DIR: Traversable = files(__package__) / "migrations"


class DatabaseError(RuntimeError):
    """The database cannot be used; the message is meant to be shown as it is."""


def resolve_url(explicit: str | None = None) -> str:
    """`--db` first, then DATABASE_URL, then the embedded SQLite file in the working directory."""
    return explicit or os.environ.get("DATABASE_URL") or DEFAULT_URL


def mask_url(url: str | Any) -> str:
    """The URL as it may appear in a log line or an error: never with its password.

    Also for Redis URLs. SQLAlchemy hides the password it parsed, but a password with an
    unencoded "@" is parsed partly into the host, and `?password=` stays in the query:
    `mask_text` catches both. A URL that does not parse is not shown at all, since where its
    password is cannot be known.
    """
    try:
        parsed = url if isinstance(url, URL) else make_url(str(url))
        rendered = parsed.render_as_string(hide_password=True)
    except Exception:
        return "<unparseable URL>"
    return mask_text(rendered)


def _scrub(text: str, url: URL) -> str:
    """A driver's message with the URL's password masked, should the driver echo it."""
    text = mask_text(text)
    password = url.password
    if password and len(str(password)) >= 4:  # a shorter one would mask ordinary words
        text = text.replace(str(password), MASK)
    return text


def parse_url(url: str) -> URL:
    """Parse a database URL, or raise DatabaseError saying what is wrong (password masked).

    An unencoded "@" in a password makes the rest of it part of the host, which the driver
    would then echo in its error ("failed to resolve host 'rest@host'"): refused up front.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            "not a database URL (expected e.g. sqlite:///corpus.db or "
            "postgresql+psycopg://user@host/db); check --db or $DATABASE_URL"
        ) from None
    except ValueError:  # the only ValueError make_url raises: int(port)
        raise DatabaseError("not a database URL: its port is not a number") from None
    if parsed.host and "@" in parsed.host:
        raise DatabaseError(
            f"not a database URL: {mask_url(url)}: the user name or password contains '@'; "
            "percent-encode it as %40"
        )
    return parsed


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets readers (the CLI, Datasette) work while a crawl writes; NORMAL is durable in WAL.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    # How long a write waits for another process's lock (a backup, a VACUUM, a second
    # crawler) before the store's retries, and then the dead-letter file, take over.
    cur.execute(f"PRAGMA busy_timeout={_busy_timeout_ms()}")
    cur.close()


def _busy_timeout_ms() -> int:
    """NEWSSCRAPE_SQLITE_BUSY_TIMEOUT in seconds (default 30), as SQLite wants it."""
    raw = os.environ.get("NEWSSCRAPE_SQLITE_BUSY_TIMEOUT", "30")
    try:
        return max(0, int(float(raw) * 1000))
    except ValueError:
        raise DatabaseError(
            f"NEWSSCRAPE_SQLITE_BUSY_TIMEOUT must be seconds, not {raw!r}"
        ) from None


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """Create an engine and prove it connects, or raise DatabaseError."""
    url = resolve_url(url)
    parsed = parse_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            database = parsed.database or ""
            if database and database != ":memory:" and not database.startswith("file:"):
                parent = Path(database).expanduser().resolve().parent
                if not parent.is_dir():
                    raise DatabaseError(
                        f"cannot open database {mask_url(url)}: directory {parent} does not exist"
                    )
            engine = create_engine(parsed, **kwargs)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(parsed, pool_pre_ping=True, **kwargs)
        with engine.connect():
            pass
    except DatabaseError:
        raise
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise DatabaseError(
            f"cannot open database {mask_url(url)}: no driver for it ({_scrub(str(exc), parsed)}); "
            "for PostgreSQL install newsscrape[postgres]"
        ) from None
    except (SQLAlchemyError, OSError, ValueError, TypeError) as exc:
        # Drivers raise more than SQLAlchemy wraps (a bad connect argument is a TypeError);
        # the first line says what is wrong, the traceback would only add noise.
        text = str(getattr(exc, "orig", None) or exc).strip() or type(exc).__name__
        reason = _scrub(text.splitlines()[0], parsed)
        raise DatabaseError(f"cannot open database {mask_url(url)}: {reason}") from None
    return engine


def _copy_tree(src: Traversable, dest: Path) -> None:
    dest.mkdir(exist_ok=True)
    for entry in src.iterdir():
        if entry.is_dir():
            if entry.name != "__pycache__":
                _copy_tree(entry, dest / entry.name)
        elif entry.is_file():
            (dest / entry.name).write_bytes(entry.read_bytes())


@functools.cache
def migrations_dir() -> Path:
    """A real directory holding the migrations, which is where Alembic reads them from.

    Installed normally, that is the package's own directory. Imported from a zip, the tree is
    copied once per process into a private temporary directory, removed at exit.
    (`importlib.resources.as_file` only extracts directories from Python 3.12 on.)
    """
    if isinstance(MIGRATIONS_DIR, Path) and MIGRATIONS_DIR.is_dir():
        return MIGRATIONS_DIR
    tmp = Path(tempfile.mkdtemp(prefix="newsscrape-migrations-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    _copy_tree(MIGRATIONS_DIR, tmp / "migrations")
    return tmp / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    """Alembic configuration pointing at the packaged migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to `revision`."""
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)


def ensure_schema(engine: Engine) -> str:
    """Make an empty database current; refuse to write into an outdated one.

    A fresh database is created through the migrations (so its history starts at the first
    revision). An existing corpus behind the code is never migrated silently: years of data
    deserve an explicit `newsscrape db upgrade` (and a backup first).
    Returns what was done: "created" or "current".
    """
    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return "current"
    if current is None:
        tables = set(inspect(engine).get_table_names())
        if tables - {"alembic_version"}:
            raise DatabaseError(
                f"database {mask_url(engine.url)} has tables but no newsscrape schema version; "
                "point --db at a new file or an empty database"
            )
        upgrade(engine)
        return "created"
    known = {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if current not in known:
        raise DatabaseError(
            f"database {mask_url(engine.url)} is at schema {current}, which this version of "
            "newsscrape does not know (written by a newer version?)"
        )
    raise DatabaseError(
        f"database {mask_url(engine.url)} is at schema {current}, newsscrape needs {head}: "
        "run `newsscrape db upgrade` (back the database up first)"
    )


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """What schema comparison should look at: not the full-text search structures.

    FTS5 tables (and their shadow tables) and PostgreSQL's generated `search` columns are
    created by migration 0004 in each dialect's own terms, outside the declarative models.
    """
    if type_ == "table" and name and "_fts" in name:
        return False
    if type_ == "column" and name == "search":
        return False
    return not (type_ == "index" and name and name.endswith("_search"))


def reindex(engine: Engine) -> list[str]:
    """Rebuild the full-text indexes (FTS5 tables or GIN indexes); returns what was rebuilt."""
    done = []
    with engine.begin() as conn:
        for table in ("quotes", "articles"):
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql(f"REINDEX INDEX ix_{table}_search")
                done.append(f"ix_{table}_search")
            else:
                conn.exec_driver_sql(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
                done.append(f"{table}_fts")
    return done


def require_existing(url: str | None) -> None:
    """Reading commands need a corpus: a mistyped SQLite path must not become an empty one.

    Checked on the URL, before an engine exists, because connecting creates the file.
    """
    parsed = parse_url(resolve_url(url))
    database = parsed.database
    missing = database and database != ":memory:" and not Path(database).exists()
    if parsed.get_backend_name() == "sqlite" and missing:
        raise DatabaseError(
            f"no corpus at {database}: check --db (or $DATABASE_URL), or crawl into it first"
        )
