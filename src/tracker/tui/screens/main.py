"""The main screen: panes, the paper table, the detail panel and every key of the issue.

This screen owns all database work. Reads run in `@work(thread=True)` workers (exclusive per
purpose, so a newer request supersedes an older one); writes run one at a time, in key-press
order, on a single writer thread (see `_submit`). Workers post messages from
`tracker.tui.messages`; `on_worker_state_changed` is the one place a failure becomes a
notification.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState, get_current_worker

from tracker.domain import RATING_MEANINGS, PaperView
from tracker.errors import TrackerError
from tracker.services import browse
from tracker.services.browse import FirstScreen, Overview, PaperDetail, ViewSpec
from tracker.store.database import Database
from tracker.tui import browser, jobs
from tracker.tui.messages import (
    DetailLoaded,
    ExternalChange,
    Notice,
    OverviewLoaded,
    PapersChanged,
    RowsLoaded,
    ViewLoaded,
)
from tracker.tui.screens.palette_actions import PaletteActions
from tracker.tui.startup import Preload
from tracker.tui.text import shown
from tracker.tui.widgets.activity import ActivityPanel
from tracker.tui.widgets.category_tabs import CategoryTabs, Tab
from tracker.tui.widgets.detail_panel import DetailPanel
from tracker.tui.widgets.filter_bar import FilterBar
from tracker.tui.widgets.key_bar import KeyBar
from tracker.tui.widgets.paper_table import PaperTable
from tracker.tui.widgets.summary_bar import SummaryBar

if TYPE_CHECKING:
    from textual.widgets import Markdown

FIRST_PAGE = 120
RATE = Binding.Group("rate")


def _rate_bindings() -> list[Binding]:
    return [
        Binding(str(n), f"rate({n})", f"rate {n}: {meaning}", id=f"rate_{n}", group=RATE)
        for n, meaning in RATING_MEANINGS.items()
    ]


class MainScreen(PaletteActions, Screen[None]):
    AUTO_FOCUS = "#papers"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (120, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "next_pane", "next pane", show=False, priority=True, id="next_pane"),
        Binding(
            "shift+tab", "previous_pane", "previous pane", show=False, priority=True,
            id="previous_pane",
        ),
        Binding("question_mark", "help", "help", id="help"),
        Binding("space", "cycle_status", "cycle", id="cycle_status"),
        Binding("r", "set_status('reading')", "reading", id="mark_reading"),
        Binding("d", "set_status('reviewed')", "reviewed", id="mark_reviewed"),
        Binding("u", "set_status('unread')", "unread", id="mark_unread", show=False),
        Binding("s", "set_status('skipped')", "skipped", id="mark_skipped", show=False),
        *_rate_bindings(),
        Binding("0", "rate(0)", "clear rating", id="clear_rating", show=False),
        Binding("n", "edit_notes", "notes", id="edit_notes"),
        Binding("o", "open_review", "open review", id="open_review"),
        Binding("p", "open_paper", "open paper", id="open_paper", show=False),
        # priority: runs as the key arrives, before keys typed right after it reach the table.
        Binding("slash", "filter", "filter", id="filter", priority=True),
        Binding("escape", "clear_filter", "clear filter", show=False, id="clear_filter"),
        Binding("ctrl+z", "undo", "undo", id="undo"),
    ]  # fmt: skip

    def __init__(
        self,
        db: Database,
        *,
        preloaded: Preload | None = None,
        keymap: dict[str, str] | None = None,
        poll_interval: float | None = 0.5,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__(id="main")
        self._filter_focus_pending = False
        self.db = db
        self._preloaded = preloaded
        self._keymap = dict(keymap or {})
        self.view: ViewSpec | None = None
        self.overview: Overview | None = None
        self._poll_interval = poll_interval
        self._cursor_blink = cursor_blink
        self._generation = 0
        self._requested: ViewSpec | None = None
        self._pane = 0
        self._pane_cursor: dict[str | None, str] = {}
        self._token: browse.ChangeToken | None = None
        # The database fingerprint right after this TUI's latest write (see on_external_change).
        self._own_token: browse.ChangeToken | None = None
        self._detail: PaperDetail | None = None
        # One writer thread: key presses are applied in the order they were made (two quick
        # `space` presses advance the status twice), and never race each other for the lock.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tracker-writer")

    # Layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SummaryBar(id="summary")
        yield CategoryTabs(id="tabs")
        with Horizontal(id="body"):
            with Vertical(id="main-column"):
                yield PaperTable(id="papers")
                yield FilterBar(cursor_blink=self._cursor_blink, id="filter")
            with Vertical(id="side-column"):
                yield DetailPanel(id="detail")
                yield ActivityPanel(id="activity")
        yield KeyBar(id="keys")

    @property
    def table(self) -> PaperTable:
        return self.query_one(PaperTable)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    def on_mount(self) -> None:
        self._generation = 1
        loading = self._preloaded
        if loading is not None and _ready(loading.first_screen):
            # Read while Textual was starting: papers are in the very first frame.
            self._show_first_screen(loading.first_screen.result())
            if _ready(loading.overview):
                self.on_overview_loaded(OverviewLoaded(loading.overview.result()))
            else:
                self._load_overview()
        else:
            self._load_start()
        if self._poll_interval:
            self.set_interval(self._poll_interval, self._check_for_changes)
        # Relative times ("5m ago") age while the screen sits there.
        self.set_interval(60, self.table.refresh)

    def on_unmount(self) -> None:
        # Let queued writes finish: quitting must never lose a change the user made.
        self._writer.shutdown(wait=True)

    # Worker results ----------------------------------------------------------------------

    def on_overview_loaded(self, message: OverviewLoaded) -> None:
        old, new = self.overview, message.overview
        self.overview = new
        tabs = [Tab(c.name, c) for c in new.categories] + [Tab(None, new.overall)]
        catalog_changed = old is not None and (
            old.category_names != new.category_names or old.overall.total != new.overall.total
        )
        if (
            catalog_changed
            and self.view is not None
            and self.view.category is not None
            and self.view.category not in new.category_names
        ):
            self._pane = 0
            self.view = self.view.with_category(_pane_category(tabs, 0))
        self._pane = min(self._pane, len(tabs) - 1)
        self.query_one(CategoryTabs).set_tabs(tabs)
        self.query_one(CategoryTabs).active = self._pane
        self.query_one(SummaryBar).show(new, self.view)
        self.query_one(ActivityPanel).show(new)
        if self.view is not None:
            self.table.set_empty_message(self._empty_message(self.view))
        if catalog_changed and self.view is not None:
            # Papers were imported or removed: a new order snapshot, same paper under the cursor.
            self._open_view(self.view, self.table.cursor_id)

    def on_view_loaded(self, message: ViewLoaded) -> None:
        if message.generation != self._generation:
            return
        if self.view is None:
            # Everything allocated so far (modules, widgets, the first order snapshot) lives
            # as long as the app: freezing it keeps full garbage collections from pausing
            # key presses for ~100 ms on big catalogs.
            self.call_after_refresh(_freeze_startup_objects)
        self.view = message.view
        self.table.set_view(
            message.ids,
            message.first_rows,
            cursor_id=message.cursor_id,
            with_category=message.view.is_all,
            sort=message.view.sort,
            empty_message=self._empty_message(message.view),
        )
        self.query_one(SummaryBar).show(self.overview, self.view)

    def on_rows_loaded(self, message: RowsLoaded) -> None:
        self.table.put_rows(message.epoch, message.requested, message.papers)

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        if message.paper_id != self.table.cursor_id:
            return
        self._detail = message.detail
        if message.detail is not None:
            self.table.update_papers([message.detail.paper])
            self.query_one(DetailPanel).show(message.detail.paper, message.detail)

    def on_papers_changed(self, message: PapersChanged) -> None:
        self.table.update_papers(message.papers)
        if message.focus_id is not None:
            self.table.move_to(message.focus_id)
        if self.table.cursor_id in {p.id for p in message.papers}:
            self._load_detail(self.table.cursor_id)
        if message.summary:
            self.notify(message.summary, markup=False)

    def on_external_change(self, message: ExternalChange) -> None:
        if message.token == self._token:
            return
        self._token = message.token
        self.table.invalidate()  # cheap: only rows on screen are read again
        if message.token == self._own_token:
            # Our own write: the counts and the detail were refreshed after it, and read after
            # the fingerprint was taken, so they include anything committed before it too.
            return
        self._load_overview()
        if self.table.cursor_id is not None:
            self._load_detail(self.table.cursor_id)

    def on_notice(self, message: Notice) -> None:
        self.notify(message.text, severity=message.severity, markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker becomes visible: a notification, never a crash."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, TrackerError):
            text = str(error)
        else:
            text = f"{type(error).__name__}: {error}"
            self.log.error(f"worker {event.worker.name!r} failed", error)
        self.notify(text, title=f"Error while {event.worker.name}", severity="error", markup=False)

    # Widget messages ---------------------------------------------------------------------

    def on_paper_table_highlighted(self, message: PaperTable.Highlighted) -> None:
        if message.paper_id is None:
            self.query_one(DetailPanel).show(None)
            return
        self._pane_cursor[self.view.category if self.view else None] = message.paper_id
        same = self._detail is not None and self._detail.paper.id == message.paper_id
        detail = self._detail if same else None
        if message.paper is not None:
            self.query_one(DetailPanel).show(message.paper, detail)
        if not same:
            self._detail = None
            self._load_detail(message.paper_id)

    def on_paper_table_rows_wanted(self, message: PaperTable.RowsWanted) -> None:
        self._load_rows(message.epoch, message.ids)

    def on_paper_table_sort_clicked(self, message: PaperTable.SortClicked) -> None:
        self.sort_by(message.sort)

    def on_category_tabs_selected(self, message: CategoryTabs.Selected) -> None:
        self._switch_pane(message.index)

    @on(Input.Changed, "#filter-input")
    def _filter_changed(self, event: Input.Changed) -> None:
        # Compared with the view last asked for: clearing the input as part of a jump must
        # not reopen the pane the jump is leaving.
        view = self._latest_view
        if view is not None and event.value != view.filter_text:
            self._open_view(view.with_filter(event.value), self.table.cursor_id)

    @on(Input.Submitted, "#filter-input")
    def _filter_submitted(self) -> None:
        if not self.filter_bar.value.strip():
            self._show_filter(False)
        self.table.focus()

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        # Links in notes are user text: the same http(s)-only rule as the o and p keys.
        event.stop()
        self._open(event.href, "link")

    # Navigation --------------------------------------------------------------------------

    def _open_view(self, view: ViewSpec, cursor_id: str | None = None) -> None:
        self._generation += 1
        self._requested = view
        self._load_view(view, self._generation, cursor_id)

    @property
    def _latest_view(self) -> ViewSpec | None:
        """The view last asked for (it may still be loading), else the one shown."""
        return self._requested or self.view

    def _switch_pane(self, index: int) -> None:
        tabs = self.query_one(CategoryTabs).tabs
        view = self._latest_view
        if not tabs or view is None:
            return
        self._pane = index % len(tabs)
        self.query_one(CategoryTabs).active = self._pane
        category = _pane_category(tabs, self._pane)
        self._open_view(view.with_category(category), self._pane_cursor.get(category))

    def sort_by(self, sort: str) -> None:
        if (view := self._latest_view) is not None:
            self._open_view(view.with_sort(sort), self.table.cursor_id)

    def jump_to(self, paper: PaperView) -> None:
        """Show `paper` in its category's pane, unfiltered, with the cursor on it."""
        tabs = self.query_one(CategoryTabs).tabs
        index = next((i for i, t in enumerate(tabs) if t.category == paper.category), None)
        view = self._latest_view
        if index is None or view is None:
            return
        self._pane = index
        self.query_one(CategoryTabs).active = index
        self._open_view(ViewSpec(paper.category, view.sort), paper.id)
        self.filter_bar.input.value = ""
        self._show_filter(False)
        self.table.focus()

    def _empty_message(self, view: ViewSpec) -> str:
        if self.overview is not None and self.overview.overall.total == 0:
            return "No papers yet. Add some from the shell: tracker import FILE"
        if view.needle:
            where = "" if view.is_all else " in this pane (tab to All to search everything)"
            return f'Nothing matches "{shown(view.needle)}"{where}. esc clears the filter.'
        return "No papers in this category yet."

    # Key actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # escape only means something while a filter is shown; otherwise leave it alone.
        if action == "clear_filter":
            return self.is_mounted and self.filter_bar.has_class("-active")
        if action == "filter":  # a `/` typed into the filter itself is text
            return not isinstance(self.focused, Input)
        return True

    def action_next_pane(self) -> None:
        self._switch_pane(self._pane + 1)

    def action_previous_pane(self) -> None:
        self._switch_pane(self._pane - 1)

    def action_help(self) -> None:
        from tracker.tui.screens.help import HelpScreen, help_columns

        bindings = [*self.BINDINGS, *PaperTable.BINDINGS, *self.app.BINDINGS]
        self.app.push_screen(HelpScreen(help_columns(self.app, bindings, self._keymap)))

    def _current(self) -> PaperView | None:
        paper = self.table.cursor_paper
        if paper is None:
            self.app.bell()
        return paper

    def action_set_status(self, status: str) -> None:
        if (paper := self._current()) is not None:
            self._submit(lambda: jobs.set_progress(self.db, paper.id, status=status))

    def action_cycle_status(self) -> None:
        if (paper := self._current()) is not None:
            self._submit(lambda: jobs.cycle_status(self.db, paper.id))

    def action_rate(self, rating: int) -> None:
        if (paper := self._current()) is not None:
            self._submit(lambda: jobs.set_progress(self.db, paper.id, rating=rating))

    def action_edit_notes(self) -> None:
        from tracker.tui.screens.notes import NotesScreen

        paper = self._current()
        if paper is None:
            return

        def save(notes: str | None) -> None:
            if notes is not None:
                self._submit(lambda: jobs.save_notes(self.db, paper, notes))

        screen = NotesScreen(shown(paper.name), paper.notes, cursor_blink=self._cursor_blink)
        self.app.push_screen(screen, save)

    def action_open_review(self) -> None:
        if (paper := self._current()) is not None:
            self._open(paper.review_url, "review")

    def action_open_paper(self) -> None:
        if (paper := self._current()) is not None:
            self._open(paper.best_paper_url, "paper")

    def action_filter(self) -> None:
        self._show_filter(True)
        # focus() lands on a later tick: keys typed in the same instant as `/` must still go
        # to the filter, not trigger r/d/s on the table (see on_key).
        self._filter_focus_pending = True
        self.filter_bar.input.focus()

    @on(events.DescendantFocus)
    def _focus_arrived(self, event: events.DescendantFocus) -> None:
        if event.widget is self.filter_bar.input:
            self._filter_focus_pending = False

    def on_key(self, event: events.Key) -> None:
        # The Input stops the keys it takes, so a printable key bubbling up to here while the
        # filter's focus is pending was dispatched to the table before focus moved.
        if self._filter_focus_pending and event.is_printable and event.character:
            self.filter_bar.input.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    def action_clear_filter(self) -> None:
        if not self.filter_bar.has_class("-active"):
            return
        self.filter_bar.input.value = ""
        self._show_filter(False)
        self.table.focus()

    def _show_filter(self, visible: bool) -> None:
        self.filter_bar.set_class(visible, "-active")
        self.refresh_bindings()

    def action_undo(self) -> None:
        self._submit(lambda: jobs.undo(self.db))

    def _open(self, url: str | None, what: str) -> None:
        from tracker.catalog.text import is_web_url

        if not url:
            self.notify(f"This paper has no {what} link.", severity="warning")
        elif not is_web_url(url):
            self.notify(
                f"Not opening {shown(url)}: only http(s) links are opened.",
                severity="warning",
                markup=False,
            )
        else:
            self._open_in_browser(url)

    # Workers: reads ----------------------------------------------------------------------

    def _show_first_screen(self, first: FirstScreen) -> None:
        self._token = first.token
        self.on_view_loaded(ViewLoaded(first.view, self._generation, first.ids, first.rows, None))

    @work(thread=True, group="view", exit_on_error=False, name="opening the catalog")
    def _load_start(self) -> None:
        # The preload's results (or its errors, which then reach on_worker_state_changed).
        loading = self._preloaded
        first = loading.first_screen.result() if loading else browse.first_screen(self.db)
        self.app.call_from_thread(self._show_first_screen, first)
        overview = loading.overview.result() if loading else browse.overview(self.db)
        self.post_message(OverviewLoaded(overview))

    @work(thread=True, exclusive=True, group="view", exit_on_error=False, name="loading papers")
    def _load_view(self, view: ViewSpec, generation: int, cursor_id: str | None) -> None:
        ids = browse.ordered_ids(self.db, view)
        start = 0
        if cursor_id is not None and cursor_id in ids:
            start = max(0, ids.index(cursor_id) - FIRST_PAGE // 2)
        first = browse.papers(self.db, ids[start : start + FIRST_PAGE])
        if not get_current_worker().is_cancelled:
            self.post_message(ViewLoaded(view, generation, ids, first, cursor_id))

    @work(thread=True, exclusive=True, group="rows", exit_on_error=False, name="loading papers")
    def _load_rows(self, epoch: int, ids: tuple[str, ...]) -> None:
        # Not dropped when superseded: rows are keyed by id, so a late answer is still useful.
        self.post_message(RowsLoaded(epoch, ids, browse.papers(self.db, ids)))

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False, name="loading details")
    def _load_detail(self, paper_id: str) -> None:
        detail = browse.detail(self.db, paper_id)
        if not get_current_worker().is_cancelled:
            self.post_message(DetailLoaded(paper_id, detail))

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False, name="counting")
    def _load_overview(self) -> None:
        self.post_message(OverviewLoaded(browse.overview(self.db)))

    def _check_for_changes(self) -> None:
        # A plain callback for the timer: it would await a worker returned to it.
        self._poll()

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False, name="watching the file")
    def _poll(self) -> None:
        token = browse.change_token(self.db)
        if token != self._token:
            self.post_message(ExternalChange(token))

    @work(thread=True, group="browser", exit_on_error=False, name="opening the browser")
    def _open_in_browser(self, url: str) -> None:
        if not browser.open_url(url):
            self.post_message(Notice(f"No graphical browser here. The link is: {url}", "warning"))

    # Workers: writes ---------------------------------------------------------------------

    def _submit(self, job: Callable[[], PapersChanged | Notice | None]) -> None:
        self._write(job)

    @work(group="write", exit_on_error=False, name="saving your change")
    async def _write(self, job: Callable[[], PapersChanged | Notice | None]) -> None:
        loop = asyncio.get_running_loop()
        message, token = await loop.run_in_executor(self._writer, self._run_write, job)
        self._own_token = token
        if message is not None:
            self.post_message(message)
        self._load_overview()

    def _run_write(
        self, job: Callable[[], PapersChanged | Notice | None]
    ) -> tuple[PapersChanged | Notice | None, browse.ChangeToken]:
        """On the writer thread: the change, then the fingerprint it left behind."""
        message = job()
        return message, browse.change_token(self.db)


def _ready(future: Future[Any]) -> bool:
    return future.done() and future.exception() is None


def _freeze_startup_objects() -> None:
    # A Python wrapper, not gc.freeze itself: Textual inspects a callback's signature, and
    # for a builtin that means compiling the tokenizer's regex (~60 ms).
    gc.freeze()


def _pane_category(tabs: list[Tab], index: int) -> str | None:
    return tabs[index].category if tabs else None
