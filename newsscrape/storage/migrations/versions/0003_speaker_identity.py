"""speaker identity: roles seen with dates, merge/apart links, merged_into cache

Roles are filled from the quotes already stored, so an upgraded corpus loses nothing.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_speakers_merged_into_id_speakers"),
            "speakers",
            ["merged_into_id"],
            ["id"],
        )
        batch_op.create_index(batch_op.f("ix_speakers_merged_into_id"), ["merged_into_id"])

    op.create_table(
        "speaker_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("organisation", sa.String(length=300), nullable=False),
        sa.Column("first_seen", sa.Date(), nullable=True),
        sa.Column("last_seen", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["speaker_id"], ["speakers.id"], name=op.f("fk_speaker_roles_speaker_id_speakers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_roles")),
        sa.UniqueConstraint(
            "speaker_id", "title", "organisation",
            name=op.f("uq_speaker_roles_speaker_id_title_organisation"),
        ),
    )  # fmt: skip
    with op.batch_alter_table("speaker_roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_speaker_roles_speaker_id"), ["speaker_id"])

    op.create_table(
        "speaker_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["speaker_id"], ["speakers.id"], name=op.f("fk_speaker_links_speaker_id_speakers")
        ),
        sa.ForeignKeyConstraint(
            ["other_id"], ["speakers.id"], name=op.f("fk_speaker_links_other_id_speakers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_links")),
    )
    with op.batch_alter_table("speaker_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_speaker_links_speaker_id"), ["speaker_id"])
        batch_op.create_index(batch_op.f("ix_speaker_links_other_id"), ["other_id"])

    op.execute(
        """
        INSERT INTO speaker_roles (speaker_id, title, organisation, first_seen, last_seen)
        SELECT q.speaker_id, substr(coalesce(q.title, ''), 1, 500),
               substr(coalesce(q.organisation, ''), 1, 300),
               min(a.published_date), max(a.published_date)
        FROM quotes q JOIN articles a ON a.id = q.article_id
        WHERE q.speaker_id IS NOT NULL AND q.kind = 'quote'
        GROUP BY q.speaker_id, substr(coalesce(q.title, ''), 1, 500),
                 substr(coalesce(q.organisation, ''), 1, 300)
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("speaker_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speaker_links_other_id"))
        batch_op.drop_index(batch_op.f("ix_speaker_links_speaker_id"))
    op.drop_table("speaker_links")
    with op.batch_alter_table("speaker_roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speaker_roles_speaker_id"))
    op.drop_table("speaker_roles")
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speakers_merged_into_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_speakers_merged_into_id_speakers"), type_="foreignkey"
        )
        batch_op.drop_column("merged_into_id")
