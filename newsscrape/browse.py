"""Browse the corpus in Datasette: titled tables, facets, full-text search, canned queries.

The corpus is served read-only and immutable (`datasette -i`), so browsing can never change
it. Datasette reads SQLite; a PostgreSQL corpus is exported first (`newsscrape export`).
"""

from __future__ import annotations

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


def datasette_command(db_file: Path, metadata_file: Path, host: str, port: int) -> list[str]:
    import sys

    return [
        sys.executable, "-m", "datasette", "serve", "-i", str(db_file),
        "--metadata", str(metadata_file), "--host", host, "--port", str(port),
        "--setting", "default_page_size", "50", "--setting", "sql_time_limit_ms", "3000",
    ]  # fmt: skip
