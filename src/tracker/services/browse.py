"""The read API of the TUI: views, pages of papers, a paper's detail, change detection.

Widgets never see a connection or a query: screens call these functions from thread workers
and hand the plain results (`tracker.domain` types) to widgets.

A table view works on an *order snapshot*: the ids of the view's papers in display order,
read once when the view is opened, re-sorted or re-filtered. Rows are then read by id, a
screenful at a time. Because the order is a snapshot, marking or rating a paper never moves
its row away from the cursor, even in a view sorted by rating or activity; the order is only
recomputed when the user asks for it (new sort, filter or pane) or the catalog itself changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from tracker.domain import STATUS_CYCLE, CategoryProgress, HistoryEntry, PaperView, Status
from tracker.errors import TrackerError

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Connection

    from tracker.store.database import Database

# Display order of the sorts the table offers; keys of `tracker.store.papers.SORTS`
# (a unit test keeps the two in step without importing SQLAlchemy here).
SORT_KEYS: tuple[str, ...] = ("catalog", "name", "year", "rating", "activity")
SORT_LABELS: dict[str, str] = {
    "catalog": "catalog order",
    "name": "name",
    "year": "year",
    "rating": "rating",
    "activity": "last activity",
}
MAX_FILTER = 200


class BrowseError(TrackerError):
    """A request the TUI cannot serve (e.g. a feature missing from this build)."""


@dataclass(frozen=True, slots=True)
class ViewSpec:
    """What the table shows: one category (or all), a sort order and a filter text."""

    category: str | None = None  # None: every category ("All")
    sort: str = "catalog"
    filter_text: str = ""

    def __post_init__(self) -> None:
        if self.sort not in SORT_KEYS:
            raise ValueError(f"unknown sort {self.sort!r} (use {', '.join(SORT_KEYS)})")

    @property
    def is_all(self) -> bool:
        return self.category is None

    @property
    def needle(self) -> str:
        """The filter as searched: surrounding blanks ignored, length capped."""
        return self.filter_text.strip()[:MAX_FILTER]

    def with_category(self, category: str | None) -> ViewSpec:
        return replace(self, category=category)

    def with_sort(self, sort: str) -> ViewSpec:
        return replace(self, sort=sort)

    def with_filter(self, text: str) -> ViewSpec:
        return replace(self, filter_text=text)

    def describe(self, *, with_category: bool = True) -> str:
        """`Object Detection · by year · matching "res"`, for headers and empty states."""
        parts = []
        if with_category:
            parts.append(self.category if self.category is not None else "All papers")
        if self.sort != "catalog":
            parts.append(f"by {SORT_LABELS[self.sort]}")
        if self.needle:
            parts.append(f'matching "{self.needle}"')
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything above the table: per-category progress, the total, weekly activity."""

    categories: list[CategoryProgress]
    overall: CategoryProgress
    finished_per_week: list[tuple[date, int]]

    @property
    def category_names(self) -> list[str]:
        return [c.name for c in self.categories]


@dataclass(frozen=True, slots=True)
class LinkState:
    """The last audit verdict of one of a paper's links (None: never audited)."""

    kind: str  # "review" or "paper"
    url: str
    verdict: str | None = None
    status_code: int | None = None
    final_url: str | None = None
    detail: str = ""
    checked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PaperDetail:
    paper: PaperView
    history: list[HistoryEntry] = field(default_factory=list)
    links: list[LinkState] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ChangeToken:
    """Cheap fingerprint of the database files; differs after any commit by any process."""

    stamps: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class FirstScreen:
    """What the TUI shows first: the first category (or All), its order snapshot and first
    page of rows, and the change token they were read at. (Counts come separately: on a big
    catalog they take longer than the rows.)"""

    token: ChangeToken
    view: ViewSpec
    ids: list[str]
    rows: list[PaperView]


def first_screen(db: Database, *, page: int = 120) -> FirstScreen:
    token = change_token(db)  # before reading: a commit racing the reads is seen next poll
    names = category_names(db)
    view = ViewSpec(names[0] if names else None)
    ids = ordered_ids(db, view)
    return FirstScreen(token, view, ids, papers(db, ids[:page]))


def overview(db: Database, *, weeks: int = 12) -> Overview:
    from tracker.services import stats

    s = stats.compute(db, weeks=weeks, ratings=False)
    return Overview(s.categories, s.overall, s.finished_per_week)


def category_names(db: Database) -> list[str]:
    """Categories in catalog order (cheap: the first pane is known before any counting)."""
    from tracker.store import papers as store

    with db.read() as conn:
        return store.categories(conn)


def ordered_ids(db: Database, view: ViewSpec) -> list[str]:
    """The order snapshot of a view: ids of its papers, in display order."""
    from tracker.store import papers as store

    with db.read() as conn:
        return store.ordered_ids(conn, category=view.category, needle=view.needle, sort=view.sort)


def papers(db: Database, ids: Sequence[str]) -> list[PaperView]:
    """These papers, in this order; ids that no longer exist are left out."""
    from tracker.store import papers as store

    if not ids:
        return []
    with db.read() as conn:
        return store.get_papers(conn, list(ids))


def detail(db: Database, paper_id: str, *, history_limit: int = 8) -> PaperDetail | None:
    from tracker.store import history
    from tracker.store import papers as store

    with db.read() as conn:
        paper = store.get_paper(conn, paper_id)
        if paper is None:
            return None
        entries = history.for_paper(conn, paper_id, history_limit)
        links = _link_states(conn, paper)
    return PaperDetail(paper, entries, links)


def find_papers(db: Database, text: str, *, limit: int = 20) -> list[PaperView]:
    """Papers whose name, aliases or title contain `text`, in catalog order (jump to paper)."""
    from tracker.store import papers as store

    needle = text.strip()[:MAX_FILTER]
    if not needle:
        return []
    with db.read() as conn:
        ids = store.search_ids(conn, needle, limit=limit)
        return store.get_papers(conn, ids)


def next_status(current: Status) -> Status:
    return STATUS_CYCLE[current]


def cycle_status(db: Database, paper_id: str, *, source: str = "tui") -> list[PaperView]:
    """`space`: advance the paper's *current* status (not the one a stale screen shows)."""
    from tracker.services import progress

    return progress.cycle_status(db, paper_id, source=source)


@dataclass(frozen=True, slots=True)
class NotesSaved:
    papers: list[PaperView]
    # True when the notes had been changed elsewhere since the editor opened.
    overwrote_other_edit: bool


def save_notes(
    db: Database, paper_id: str, notes: str, *, base: str, source: str = "tui"
) -> NotesSaved:
    """Write notes edited from `base`; report whether another writer changed them meanwhile
    (the edit still wins, and undo brings the other version back)."""
    from tracker.services import progress
    from tracker.store import papers as store

    with db.read() as conn:
        current = store.get_paper(conn, paper_id)
    if current is None:
        raise BrowseError(f"paper '{paper_id}' no longer exists")
    clash = current.notes not in (base, notes)
    return NotesSaved(progress.update(db, [paper_id], notes=notes, source=source), clash)


def change_token(db: Database) -> ChangeToken:
    """A fingerprint that changes whenever anyone commits (this process or another one).

    With WAL every commit appends to `<db>-wal` (and a checkpoint rewrites the main file), so
    the size and mtime of the two files change on every commit. This costs two `stat` calls,
    takes no lock and runs no SQL, so the TUI can poll it every half second.
    """
    path: Path = db.path
    stamps = []
    for candidate in (path, path.with_name(path.name + "-wal")):
        try:
            st = candidate.stat()
        except OSError:
            stamps.append((0, 0))
        else:
            stamps.append((st.st_mtime_ns, st.st_size))
    return ChangeToken(tuple(stamps))


@dataclass(frozen=True, slots=True)
class AuditSummary:
    text: str  # one line for a notification
    markdown: str  # the audit's own report, problems only


def offline_audit(db: Database) -> AuditSummary:
    """The link audit without network: static checks plus each URL's last online verdict.
    Writes nothing (an offline run has no new verdicts to store)."""
    from tracker.services.links.audit import AuditOptions, run_audit
    from tracker.services.links.report import to_markdown

    report = run_audit(db, AuditOptions(offline=True))
    counts = ", ".join(f"{n} {verdict}" for verdict, n in report.counts().most_common())
    text = f"Offline link audit: {len(report.entries)} links ({counts}); {report.broken} broken."
    return AuditSummary(text, to_markdown(report, only_problems=True))


def _link_states(conn: Connection, paper: PaperView) -> list[LinkState]:
    """The newest verdict for each of the paper's current links."""
    wanted = [("review", paper.review_url)]
    if paper.best_paper_url:
        wanted.append(("paper", paper.best_paper_url))
    from tracker.store.link_checks import latest_for_paper

    latest = {h.url: h for h in latest_for_paper(conn, paper.id)}
    states = []
    for kind, url in wanted:
        h = latest.get(url)
        if h is None:
            states.append(LinkState(kind, url))
        else:
            states.append(
                LinkState(kind, url, h.verdict, h.status_code, h.final_url, h.detail, h.checked_at)
            )
    return states
