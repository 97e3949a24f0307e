"""Browse the corpus in Datasette: titled tables, facets, full-text search, canned queries.

Browsing can never change the corpus, whoever reaches the server:

- the file is opened immutable (`datasette -i`): SQLite opens it read-only, Datasette has no
  write connection to it, and a statement that writes fails ("readonly database");
- Datasette runs only the SQL it judges a SELECT (no INSERT, PRAGMA or ATTACH), no
  `--crossdb`, no extensions, no root actor, and no canned query that writes;
- it runs without plugins other than its own (`run_datasette`), so an installed write
  plugin (datasette-write, datasette-insert...) is not loaded;
- before serving, `prepare_corpus` checks the schema without creating or migrating it.

Datasette reads SQLite; a PostgreSQL corpus is exported first (`newsscrape export`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

QUOTES_BY_SPEAKER = """
select b.date, b.speaker, b.speaker_as_written, b.title, b.organisation, b.text, b.url
from quotes_browse b
join quotes q on q.id = b.id
join speakers n on n.id = q.speaker_id
where coalesce(n.merged_into_id, n.id) in (
  select coalesce(s.merged_into_id, s.id) from speaker_aliases a
  join speakers s on s.id = a.speaker_id where lower(a.alias) = lower(:speaker)
)
order by b.date desc
"""

QUOTES_PER_MONTH = """
select month, speaker, count(*) as quotes
from quotes_browse
where month is not null
group by month, speaker
order by month desc, quotes desc
"""


def metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for a corpus file whose name (without .db) is `database`."""
    return {
        "title": "newsscrape corpus",
        "description": "Articles, direct quotes and who said them, collected by newsscrape.",
        "databases": {
            database: {
                "tables": {
                    "quotes_browse": {
                        "title": "Quotes",
                        "description": "Every direct quote with its date, speaker (one identity "
                        "across spellings), organisation, source and article.",
                        "facets": ["speaker", "organisation", "source", "month"],
                        "fts_table": "quotes_fts",
                        "fts_pk": "id",
                        "sort_desc": "date",
                    },
                    "articles": {
                        "title": "Articles",
                        "description": "The current version of every collected article.",
                        "facets": ["source_id"],
                        "fts_table": "articles_fts",
                        "fts_pk": "id",
                        "sort_desc": "published_date",
                    },
                    "quotes": {
                        "title": "Quotes (raw)",
                        "description": "Quotes and quoted terms as extracted, with offsets.",
                        "facets": ["kind", "pattern"],
                        "fts_table": "quotes_fts",
                        "fts_pk": "id",
                    },
                    "speakers": {
                        "title": "Speaker names",
                        "description": "Each name a speaker was quoted under; merged_into_id "
                        "points to the identity.",
                    },
                    "speaker_roles": {
                        "title": "Speaker roles",
                        "description": "Titles and organisations seen, with first and last date.",
                    },
                    "crawl_runs": {"title": "Crawl runs", "sort_desc": "started_at"},
                },
                "queries": {
                    "quotes_by_speaker": {
                        "title": "Quotes by a speaker",
                        "description": "All quotes of one speaker, under any spelling.",
                        "sql": QUOTES_BY_SPEAKER.strip(),
                    },
                    "quotes_per_month": {
                        "title": "Quotes per month",
                        "description": "How many quotes each speaker had, month by month.",
                        "sql": QUOTES_PER_MONTH.strip(),
                    },
                },
            }
        },
    }


def prepare_corpus(db_file: Path) -> None:
    """Check that `db_file` is a corpus at the current schema; fold its WAL into the file.

    Raises DatabaseError. Unlike the other reading commands this never creates or migrates
    a schema: serving is read-only. The one write is the checkpoint, when a write-ahead log
    exists: an immutable reader ignores the WAL, so transactions committed there would not
    be shown; the checkpoint moves them into the file without changing any content.
    """
    import sqlite3

    from newsscrape.storage.db import DatabaseError, head_revision

    has_wal = db_file.with_name(db_file.name + "-wal").exists()
    # Without a WAL the file holds everything: read it immutable, which writes nothing.
    uri = db_file.as_uri() + ("?mode=rw" if has_wal else "?immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            row = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if has_wal and row is not None:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot serve {db_file}: {exc}") from None
    head = head_revision()
    if row is None:
        raise DatabaseError(f"{db_file} is not a newsscrape corpus (no schema version)")
    if row[0] != head:
        raise DatabaseError(
            f"{db_file} is at schema {row[0]}, newsscrape needs {head}: "
            "run `newsscrape db upgrade` (back the database up first)"
        )


def datasette_command(db_file: Path, metadata_file: Path, host: str, port: int) -> list[str]:
    """Datasette serving `db_file` immutable, through `run_datasette` (no plugins)."""
    return [
        sys.executable, "-m", "newsscrape.browse", "serve", "-i", str(db_file),
        "--metadata", str(metadata_file), "--host", host, "--port", str(port),
        "--setting", "default_page_size", "50", "--setting", "sql_time_limit_ms", "3000",
    ]  # fmt: skip


def run_datasette(argv: list[str]) -> None:
    """Datasette's command line with only Datasette's own plugins.

    Datasette loads every installed package that declares a `datasette` entry point, and a
    plugin can add endpoints that write (or do anything in Python). Datasette 1.0 has a
    switch for that (DATASETTE_LOAD_PLUGINS, empty: none); 0.65 loads them through pluggy,
    whose entry-point loading is turned off here for Datasette's group before it is imported.
    """
    import pluggy

    os.environ["DATASETTE_LOAD_PLUGINS"] = ""
    load = pluggy.PluginManager.load_setuptools_entrypoints

    def builtin_only(self: pluggy.PluginManager, group: str, name: str | None = None) -> int:
        return 0 if group == "datasette" else load(self, group, name)

    pluggy.PluginManager.load_setuptools_entrypoints = builtin_only  # type: ignore[method-assign]
    from datasette.cli import cli

    cli.main(args=argv, prog_name="datasette")


if __name__ == "__main__":
    run_datasette(sys.argv[1:])
