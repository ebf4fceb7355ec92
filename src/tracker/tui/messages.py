"""Messages that thread workers post back to the main screen.

Workers never touch widgets: they read or write through `tracker.services`, then post one of
these; the screen's handlers (on the UI thread) update the widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.message import Message

from tracker.domain import PaperView
from tracker.services.browse import ChangeToken, Overview, PaperDetail, ViewSpec


@dataclass
class OverviewLoaded(Message):
    overview: Overview


@dataclass
class ViewLoaded(Message):
    """A new order snapshot (and its first screenful of rows) for `view`."""

    view: ViewSpec
    generation: int
    ids: list[str]
    first_rows: list[PaperView]
    cursor_id: str | None


@dataclass
class RowsLoaded(Message):
    epoch: int
    requested: tuple[str, ...]
    papers: list[PaperView]


@dataclass
class DetailLoaded(Message):
    paper_id: str
    detail: PaperDetail | None


@dataclass
class PapersChanged(Message):
    """This TUI wrote these papers (mark, rate, notes, undo); `summary` is for a toast."""

    papers: list[PaperView]
    summary: str = ""
    focus_id: str | None = None


@dataclass
class ExternalChange(Message):
    """Someone (the CLI, another TUI, an import) committed since the last poll."""

    token: ChangeToken

    def can_replace(self, message: Message) -> bool:
        # Polls can pile up behind a busy UI thread; only the newest one matters.
        return isinstance(message, ExternalChange)


@dataclass
class Notice(Message):
    """A plain-text notification from a worker (export written, audit summary...)."""

    text: str
    severity: Literal["information", "warning", "error"] = "information"
