"""What each progress key does to the database, as jobs for the main screen's writer thread.

Each job is one service call (one transaction, one history batch) and returns the message the
screen shows the result with. No widgets here: jobs run off the UI thread.
"""

from __future__ import annotations

from tracker.domain import PaperView
from tracker.services import browse, progress
from tracker.store.database import Database
from tracker.tui.messages import Notice, PapersChanged
from tracker.tui.text import shown

SOURCE = "tui"


def set_progress(
    db: Database,
    paper_id: str,
    *,
    status: str | None = None,
    rating: int | None = None,
) -> PapersChanged:
    papers = progress.update(db, [paper_id], status=status, rating=rating, source=SOURCE)
    return PapersChanged(papers)


def cycle_status(db: Database, paper_id: str) -> PapersChanged:
    return PapersChanged(browse.cycle_status(db, paper_id, source=SOURCE))


def save_notes(db: Database, paper: PaperView, notes: str) -> PapersChanged:
    saved = browse.save_notes(db, paper.id, notes, base=paper.notes, source=SOURCE)
    summary = "Notes saved."
    if saved.overwrote_other_edit:
        summary = "Notes saved; they had also been changed elsewhere (ctrl+z brings that back)."
    return PapersChanged(saved.papers, summary)


def undo(db: Database) -> PapersChanged | Notice:
    """Undo this TUI's last change (the CLI's own changes are `tracker undo`'s business)."""
    result = progress.undo(db, source=SOURCE)
    if result is None:
        return Notice("Nothing to undo.", "warning")
    names = ", ".join(shown(p.name) for p in result.papers[:3])
    fields = ", ".join(result.fields)
    focus = result.papers[0].id if len(result.papers) == 1 else None
    return PapersChanged(result.papers, f"Undone: {fields} of {names}", focus)
