"""quotes and speakers

The tables start empty: articles stored before this revision get their quotes when their
text next changes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "speakers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speakers")),
    )
    op.create_table(
        "speaker_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["speaker_id"], ["speakers.id"], name=op.f("fk_speaker_aliases_speaker_id_speakers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_aliases")),
        sa.UniqueConstraint("alias", "kind", name=op.f("uq_speaker_aliases_alias_kind")),
    )
    with op.batch_alter_table("speaker_aliases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_speaker_aliases_speaker_id"), ["speaker_id"], unique=False
        )

    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("speaker", sa.String(length=300), nullable=True),
        sa.Column("mention", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("organisation", sa.String(length=300), nullable=True),
        sa.Column("cue", sa.String(length=40), nullable=True),
        sa.Column("pattern", sa.String(length=20), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("paragraph_start", sa.Integer(), nullable=False),
        sa.Column("paragraph_end", sa.Integer(), nullable=False),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_quotes_article_id_articles")
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"], ["speakers.id"], name=op.f("fk_quotes_speaker_id_speakers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
        sa.UniqueConstraint("article_id", "position", name=op.f("uq_quotes_article_id_position")),
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quotes_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quotes_speaker_id"), ["speaker_id"], unique=False)

    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quotes", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.drop_column("quotes")

    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quotes_speaker_id"))
        batch_op.drop_index(batch_op.f("ix_quotes_article_id"))

    op.drop_table("quotes")
    with op.batch_alter_table("speaker_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speaker_aliases_speaker_id"))

    op.drop_table("speaker_aliases")
    op.drop_table("speakers")
