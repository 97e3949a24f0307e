"""quotes_browse: one row per quote with its date, month, speaker identity, source and article

What people browsing the corpus (Datasette) want to see and facet on, without writing joins.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    month = "to_char(a.published_date, 'YYYY-MM')" if postgres else "substr(a.published_date, 1, 7)"
    op.execute(
        f"""
        CREATE VIEW quotes_browse AS
        SELECT q.id AS id, a.published_date AS date, {month} AS month,
               coalesce(i.name, q.speaker) AS speaker, q.speaker AS speaker_as_written,
               q.title AS title, q.organisation AS organisation, q.text AS text,
               a.headline AS headline, a.canonical_url AS url, s.name AS source,
               q.pattern AS pattern, q.confidence AS confidence
        FROM quotes q
        JOIN articles a ON a.id = q.article_id
        JOIN sources s ON s.id = a.source_id
        LEFT JOIN speakers n ON n.id = q.speaker_id
        LEFT JOIN speakers i ON i.id = coalesce(n.merged_into_id, n.id)
        WHERE q.kind = 'quote'
        """
    )


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS quotes_browse")
