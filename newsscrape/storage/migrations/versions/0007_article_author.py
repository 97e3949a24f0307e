"""article author: the byline, from a source's `author` selector or the page's metadata

Articles stored before keep a NULL author; a `--refresh` crawl fills it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("articles", "article_revisions"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("author", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in ("articles", "article_revisions"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("author")
