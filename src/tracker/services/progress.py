"""Changing the user's progress: status, rating, notes, and undo. One call = one transaction
= one history batch."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from tracker import clock
from tracker.catalog.text import note_has_control, printable
from tracker.domain import MAX_RATING, STATUS_CYCLE, PaperView, Status
from tracker.errors import TrackerError
from tracker.store import history
from tracker.store import papers as store
from tracker.store.database import Database

TRACKED = ("status", "rating", "notes", "started_at", "finished_at")
MAX_NOTES = 100_000


class ProgressError(TrackerError, ValueError):
    """Invalid value for a progress field; `str()` is a one-line message."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class UndoResult:
    batch: str
    papers: list[PaperView]
    fields: list[str]


def check_rating(rating: int | None) -> int | None:
    if rating is None or rating == 0:
        return None
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= MAX_RATING:
        raise ProgressError(f"rating must be 1–{MAX_RATING} (or 0 to clear), not {rating!r}")
    return rating


def check_status(status: str) -> Status:
    try:
        return Status(status)
    except ValueError:
        allowed = ", ".join(s.value for s in Status)
        raise ProgressError(f"unknown status '{printable(status)}' (use {allowed})") from None


def check_notes(notes: str) -> str:
    if note_has_control(notes):
        raise ProgressError("notes contain control characters or terminal escape sequences")
    if len(notes) > MAX_NOTES:
        raise ProgressError(f"notes are longer than {MAX_NOTES} characters")
    return notes


def _status_values(current: dict[str, Any], status: Status, now: str) -> dict[str, Any]:
    values: dict[str, Any] = {"status": status.value}
    if status is Status.UNREAD:
        values |= {"started_at": None, "finished_at": None}
    elif status is Status.READING:
        values |= {"started_at": current["started_at"] or now, "finished_at": None}
    elif status is Status.REVIEWED:
        values["finished_at"] = now if current["status"] != "reviewed" else current["finished_at"]
    return values


def _apply(
    conn: Connection,
    paper_id: str,
    wanted: dict[str, Any],
    *,
    now: str,
    batch: str,
    source: str,
    undoes: str | None = None,
) -> bool:
    """Write the columns of `wanted` that differ; log them. Returns whether anything changed."""
    current = store.progress_columns(conn, paper_id)
    if current is None:
        raise ProgressError(f"paper '{paper_id}' does not exist")
    if "status" in wanted and undoes is None:
        wanted = _status_values(current, Status(wanted["status"]), now) | {
            k: v for k, v in wanted.items() if k != "status"
        }
    diff = {k: v for k, v in wanted.items() if current.get(k) != v}
    if not diff:
        return False
    store.write_progress(conn, paper_id, diff | {"updated_at": now})
    history.append(
        conn,
        [
            history.Change(paper_id, k, _text(current.get(k)), _text(v))
            for k, v in diff.items()
            if k in TRACKED
        ],
        at=now,
        batch=batch,
        source=source,
        undoes=undoes,
    )
    return True


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _new_batch() -> str:
    return uuid.uuid4().hex


def update(
    db: Database,
    paper_ids: Sequence[str],
    *,
    status: str | None = None,
    rating: int | None = None,
    notes: str | None = None,
    source: str = "cli",
) -> list[PaperView]:
    """Set any of status / rating / notes on papers, in one transaction. Returns the papers
    as they are afterwards (changed or not)."""
    wanted: dict[str, Any] = {}
    if status is not None:
        wanted["status"] = check_status(status).value
    if rating is not None:
        wanted["rating"] = check_rating(rating)  # 0 clears
    if notes is not None:
        wanted["notes"] = check_notes(notes)
    now = clock.iso(clock.now())
    batch = _new_batch()
    with db.write() as conn:
        for pid in dict.fromkeys(paper_ids):
            _apply(conn, pid, wanted, now=now, batch=batch, source=source)
        return store.get_papers(conn, list(dict.fromkeys(paper_ids)))


def cycle_status(db: Database, paper_id: str, *, source: str = "cli") -> list[PaperView]:
    """unread -> reading -> reviewed -> unread, from the status the paper has *now*: read in
    the same write transaction, so a concurrent change is never overwritten by a stale cycle."""
    now = clock.iso(clock.now())
    with db.write() as conn:
        current = store.progress_columns(conn, paper_id)
        if current is None:
            raise ProgressError(f"paper '{paper_id}' does not exist")
        following = STATUS_CYCLE[Status(current["status"])]
        _apply(
            conn, paper_id, {"status": following.value}, now=now, batch=_new_batch(), source=source
        )
        return store.get_papers(conn, [paper_id])


def undo(db: Database, *, source: str | None = None) -> UndoResult | None:
    """Revert the newest change batch not yet undone (optionally only one front end's)."""
    now = clock.iso(clock.now())
    with db.write() as conn:
        target = history.last_undoable_batch(conn, source=source)
        if target is None:
            return None
        entries = history.batch_changes(conn, target)
        restore: dict[str, dict[str, Any]] = {}
        for e in reversed(entries):
            value: Any = e.old
            if e.field == "rating" and value is not None:
                value = int(value)
            if e.field == "notes" and value is None:
                value = ""
            restore.setdefault(e.paper_id, {})[e.field] = value
        batch = _new_batch()
        for pid, values in restore.items():
            _apply(conn, pid, values, now=now, batch=batch, source=source or "cli", undoes=target)
        papers = store.get_papers(conn, list(restore))
    return UndoResult(target, papers, sorted({e.field for e in entries}))
