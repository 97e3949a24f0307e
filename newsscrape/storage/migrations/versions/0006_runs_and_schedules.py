"""crawl history and schedules: run mode, trigger, liveness, coverage; the schedules table

Existing runs keep their counts; the new columns default to what those runs were (manual,
incremental, no coverage recorded).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COUNTS = ("skipped", "errors", "parsed", "with_date", "with_headline", "with_body", "with_quotes")


def upgrade() -> None:
    op.create_table(
        "schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("sources_dir", sa.Text(), nullable=True),
        sa.Column("cron", sa.String(length=120), nullable=True),
        sa.Column("every_seconds", sa.Integer(), nullable=True),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("next_run_at", sa.DateTime(), nullable=True),
        sa.Column("last_started_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedules")),
    )
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_schedules_source"), ["source"])

    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("mode", sa.String(length=16), server_default="incremental", nullable=False)
        )
        batch_op.add_column(
            sa.Column("trigger", sa.String(length=16), server_default="manual", nullable=False)
        )
        batch_op.add_column(sa.Column("schedule_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("resumed_from_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("host", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("pid", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("log_path", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("deadletter_path", sa.Text(), nullable=True))
        for name in _COUNTS:
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default="0", nullable=False))
        batch_op.create_foreign_key(
            batch_op.f("fk_crawl_runs_schedule_id_schedules"), "schedules", ["schedule_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_crawl_runs_resumed_from_id_crawl_runs"),
            "crawl_runs",
            ["resumed_from_id"],
            ["id"],
        )
        batch_op.create_index(batch_op.f("ix_crawl_runs_schedule_id"), ["schedule_id"])


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crawl_runs_schedule_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_crawl_runs_resumed_from_id_crawl_runs"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_crawl_runs_schedule_id_schedules"), type_="foreignkey"
        )
        for name in (
            "mode", "trigger", "schedule_id", "resumed_from_id", "host", "pid", "heartbeat_at",
            "log_path", "deadletter_path", *_COUNTS,
        ):  # fmt: skip
            batch_op.drop_column(name)
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedules_source"))
    op.drop_table("schedules")
