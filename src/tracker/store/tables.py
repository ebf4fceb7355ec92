"""SQLModel table definitions. The schema itself is created and evolved by Alembic migrations
(`migrations/versions`); these classes describe it for queries and must match the head revision
(a test compares them)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, Text
from sqlmodel import Field, SQLModel

STATUS_VALUES = ("unread", "reading", "reviewed", "skipped")


class Category(SQLModel, table=True):
    __tablename__ = "category"

    name: str = Field(sa_column=Column(Text, primary_key=True))
    position: int = Field(sa_column=Column(Integer, nullable=False))


class Paper(SQLModel, table=True):
    __tablename__ = "paper"
    __table_args__ = (
        CheckConstraint(
            "status IN ('unread', 'reading', 'reviewed', 'skipped')", name="ck_paper_status"
        ),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="ck_paper_rating"),
        Index("ix_paper_category_position", "category", "position"),
        Index("ix_paper_status", "status"),
    )

    id: str = Field(sa_column=Column(Text, primary_key=True))
    name: str = Field(sa_column=Column(Text, nullable=False))
    category: str = Field(
        sa_column=Column(Text, ForeignKey("category.name", onupdate="CASCADE"), nullable=False)
    )
    position: int = Field(sa_column=Column(Integer, nullable=False))
    review_url: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    aliases: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    title: str | None = Field(default=None, sa_column=Column(Text))
    first_author: str | None = Field(default=None, sa_column=Column(Text))
    year: int | None = Field(default=None, sa_column=Column(Integer))
    venue: str | None = Field(default=None, sa_column=Column(Text))
    arxiv: str | None = Field(default=None, sa_column=Column(Text))
    paper_url: str | None = Field(default=None, sa_column=Column(Text))
    listed_under: str | None = Field(default=None, sa_column=Column(Text))
    # The user's progress: an import of a plain catalog never writes these columns.
    status: str = Field(
        default="unread", sa_column=Column(Text, nullable=False, server_default="unread")
    )
    rating: int | None = Field(default=None, sa_column=Column(Integer))
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    started_at: str | None = Field(default=None, sa_column=Column(Text))
    finished_at: str | None = Field(default=None, sa_column=Column(Text))
    updated_at: str | None = Field(default=None, sa_column=Column(Text))


class PaperKey(SQLModel, table=True):
    """Normalised id, name and aliases of each paper: resolves `inception v3` through an index."""

    __tablename__ = "paper_key"

    key: str = Field(sa_column=Column(Text, primary_key=True))
    paper_id: str = Field(
        sa_column=Column(
            Text,
            ForeignKey("paper.id", ondelete="CASCADE", onupdate="CASCADE"),
            primary_key=True,
        )
    )


class History(SQLModel, table=True):
    """Append-only log of changes to the user's progress; powers undo and activity charts."""

    __tablename__ = "history"
    __table_args__ = (
        Index("ix_history_paper", "paper_id", "id"),
        Index("ix_history_batch", "batch"),
        Index("ix_history_at", "at"),
    )

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    paper_id: str = Field(
        sa_column=Column(
            Text, ForeignKey("paper.id", ondelete="CASCADE", onupdate="CASCADE"), nullable=False
        )
    )
    field: str = Field(sa_column=Column(Text, nullable=False))
    old: str | None = Field(default=None, sa_column=Column(Text))
    new: str | None = Field(default=None, sa_column=Column(Text))
    at: str = Field(sa_column=Column(Text, nullable=False))
    # One user action (a key press, one CLI command) = one batch; undo reverts a whole batch.
    batch: str = Field(sa_column=Column(Text, nullable=False))
    source: str = Field(sa_column=Column(Text, nullable=False))
    undoes: str | None = Field(default=None, sa_column=Column(Text))


class LinkCheck(SQLModel, table=True):
    """One verdict of the link audit for one URL at one time (check history)."""

    __tablename__ = "link_check"
    __table_args__ = (Index("ix_link_check_url", "url", "checked_at"),)

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    url: str = Field(sa_column=Column(Text, nullable=False))
    paper_id: str | None = Field(
        default=None,
        sa_column=Column(Text, ForeignKey("paper.id", ondelete="CASCADE", onupdate="CASCADE")),
    )
    kind: str = Field(sa_column=Column(Text, nullable=False))
    verdict: str = Field(sa_column=Column(Text, nullable=False))
    status_code: int | None = Field(default=None, sa_column=Column(Integer))
    final_url: str | None = Field(default=None, sa_column=Column(Text))
    chain: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    detail: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    checked_at: str = Field(sa_column=Column(Text, nullable=False))
    elapsed_ms: int | None = Field(default=None, sa_column=Column(Integer))


class Meta(SQLModel, table=True):
    """Small key/value facts about this database (e.g. when it was seeded)."""

    __tablename__ = "meta"

    key: str = Field(sa_column=Column(Text, primary_key=True))
    value: str = Field(sa_column=Column(Text, nullable=False))
