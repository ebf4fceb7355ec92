"""Initial schema: categories, papers with progress, lookup keys, history, link checks, meta.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "category",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "paper",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column(
            "category",
            sa.Text,
            sa.ForeignKey("category.name", onupdate="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("review_url", sa.Text, nullable=False, unique=True),
        sa.Column("aliases", sa.Text, nullable=False, server_default="[]"),
        sa.Column("title", sa.Text),
        sa.Column("first_author", sa.Text),
        sa.Column("year", sa.Integer),
        sa.Column("venue", sa.Text),
        sa.Column("arxiv", sa.Text),
        sa.Column("paper_url", sa.Text),
        sa.Column("listed_under", sa.Text),
        sa.Column("status", sa.Text, nullable=False, server_default="unread"),
        sa.Column("rating", sa.Integer),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
        sa.Column("started_at", sa.Text),
        sa.Column("finished_at", sa.Text),
        sa.Column("updated_at", sa.Text),
        sa.CheckConstraint(
            "status IN ('unread', 'reading', 'reviewed', 'skipped')", name="ck_paper_status"
        ),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="ck_paper_rating"),
    )
    op.create_index("ix_paper_category_position", "paper", ["category", "position"])
    op.create_index("ix_paper_status", "paper", ["status"])
    op.create_table(
        "paper_key",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column(
            "paper_id",
            sa.Text,
            sa.ForeignKey("paper.id", ondelete="CASCADE", onupdate="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "paper_id",
            sa.Text,
            sa.ForeignKey("paper.id", ondelete="CASCADE", onupdate="CASCADE"),
            nullable=False,
        ),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("old", sa.Text),
        sa.Column("new", sa.Text),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("batch", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("undoes", sa.Text),
    )
    op.create_index("ix_history_paper", "history", ["paper_id", "id"])
    op.create_index("ix_history_batch", "history", ["batch"])
    op.create_index("ix_history_at", "history", ["at"])
    op.create_table(
        "link_check",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column(
            "paper_id",
            sa.Text,
            sa.ForeignKey("paper.id", ondelete="CASCADE", onupdate="CASCADE"),
        ),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("verdict", sa.Text, nullable=False),
        sa.Column("status_code", sa.Integer),
        sa.Column("final_url", sa.Text),
        sa.Column("chain", sa.Text, nullable=False, server_default="[]"),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.Column("checked_at", sa.Text, nullable=False),
        sa.Column("elapsed_ms", sa.Integer),
    )
    op.create_index("ix_link_check_url", "link_check", ["url", "checked_at"])
    op.create_table(
        "meta",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("meta", "link_check", "history", "paper_key", "paper", "category"):
        op.drop_table(table)
