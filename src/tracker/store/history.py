"""The append-only history of progress changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from tracker.clock import iso
from tracker.domain import HistoryEntry
from tracker.store.tables import History

_H = History.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Change:
    paper_id: str
    field: str
    old: str | None
    new: str | None


def append(
    conn: Connection,
    changes: list[Change],
    *,
    at: str,
    batch: str,
    source: str,
    undoes: str | None = None,
) -> None:
    if not changes:
        return
    rows = [
        {
            "paper_id": c.paper_id,
            "field": c.field,
            "old": c.old,
            "new": c.new,
            "at": at,
            "batch": batch,
            "source": source,
            "undoes": undoes,
        }
        for c in changes
    ]
    conn.execute(insert(History.__table__), rows)  # type: ignore[attr-defined]


def _entry(m: Any) -> HistoryEntry:
    return HistoryEntry(
        id=m["id"],
        paper_id=m["paper_id"],
        field=m["field"],
        old=m["old"],
        new=m["new"],
        at=datetime.fromisoformat(m["at"]),
        batch=m["batch"],
        source=m["source"],
        undoes=m["undoes"],
    )


def for_paper(conn: Connection, paper_id: str, limit: int = 20) -> list[HistoryEntry]:
    stmt = select(History.__table__).where(_H.paper_id == paper_id).order_by(_H.id.desc())  # type: ignore[attr-defined]
    return [_entry(r._mapping) for r in conn.execute(stmt.limit(limit))]


def all_entries(conn: Connection) -> list[HistoryEntry]:
    stmt = select(History.__table__).order_by(_H.id)  # type: ignore[attr-defined]
    return [_entry(r._mapping) for r in conn.execute(stmt)]


def last_undoable_batch(conn: Connection, *, source: str | None = None) -> str | None:
    """Newest batch that is not an undo and has not been undone yet."""
    undone = select(_H.undoes).where(_H.undoes.is_not(None))
    stmt = (
        select(_H.batch)
        .where(_H.undoes.is_(None), _H.batch.not_in(undone))
        .order_by(_H.id.desc())
        .limit(1)
    )
    if source is not None:
        stmt = stmt.where(_H.source == source)
    return conn.execute(stmt).scalar()


def batch_changes(conn: Connection, batch: str) -> list[HistoryEntry]:
    stmt = select(History.__table__).where(_H.batch == batch).order_by(_H.id)  # type: ignore[attr-defined]
    return [_entry(r._mapping) for r in conn.execute(stmt)]


def restore(conn: Connection, entries: list[HistoryEntry]) -> None:
    """Insert history rows from a backup verbatim (ids renumbered, order kept)."""
    rows = [
        {
            "paper_id": e.paper_id,
            "field": e.field,
            "old": e.old,
            "new": e.new,
            "at": iso(e.at),
            "batch": e.batch,
            "source": e.source,
            "undoes": e.undoes,
        }
        for e in entries
    ]
    if rows:
        conn.execute(insert(History.__table__), rows)  # type: ignore[attr-defined]
