"""The paper table: a Line-API `ScrollView` that renders only the rows on screen.

It holds the view's *order snapshot* (every id, in display order) but the papers themselves
only for rows that have been on screen, in a small cache keyed by id. A row it has not got yet
is drawn as a placeholder while a `RowsWanted` message asks the screen to read a window of rows
around it in a worker. Opening a 100,000-paper view therefore costs one id query and one page
of rows, not 100,000 `add_row` calls (the cost that makes `DataTable` unusable here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tracker.domain import STATUS_GLYPHS, PaperView, Status, stars
from tracker.tui.text import ago, fit, shown
from tracker.tui.widgets.columns import GAP, Column, layout

WINDOW_BEFORE = 40
WINDOW_AFTER = 160
CACHE_LIMIT = 4_000


class PaperTable(ScrollView, can_focus=True):
    """Papers of the current view; `cursor` is an index into the order snapshot."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "down", show=False, id="cursor_down"),
        Binding("up,k", "cursor_up", "up", show=False, id="cursor_up"),
        Binding("pagedown", "page_down", "page down", show=False, id="page_down"),
        Binding("pageup", "page_up", "page up", show=False, id="page_up"),
        Binding("home", "first_row", "first paper", show=False, id="first_row"),
        Binding("end", "last_row", "last paper", show=False, id="last_row"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-table--header",
        "paper-table--sorted",
        "paper-table--cursor",
        "paper-table--muted",
        "paper-table--stars",
        "paper-table--unread",
        "paper-table--reading",
        "paper-table--reviewed",
        "paper-table--skipped",
    }

    DEFAULT_CSS = """
    PaperTable {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        background: $surface;
        & > .paper-table--header { color: $text-muted; text-style: bold; }
        & > .paper-table--sorted { color: $text-accent; text-style: bold underline; }
        & > .paper-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .paper-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .paper-table--muted { color: $text-muted; }
        & > .paper-table--stars { color: $text-warning; }
        & > .paper-table--unread { color: $text-muted; }
        & > .paper-table--reading { color: $text-warning; text-style: bold; }
        & > .paper-table--reviewed { color: $text-success; text-style: bold; }
        & > .paper-table--skipped { color: $text-muted; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    @dataclass
    class Highlighted(Message):
        """The cursor is on this paper (`paper` None while its row is still loading)."""

        table: PaperTable
        paper_id: str | None
        paper: PaperView | None

        def can_replace(self, message: Message) -> bool:
            # Holding `j` down must not queue a detail refresh per row passed.
            return isinstance(message, PaperTable.Highlighted)

    @dataclass
    class RowsWanted(Message):
        table: PaperTable
        epoch: int
        ids: tuple[str, ...]

    @dataclass
    class SortClicked(Message):
        table: PaperTable
        sort: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._ids: list[str] = []
        self._index: dict[str, int] | None = None
        # id -> paper (None: the id is gone from the database).
        self._rows: dict[str, PaperView | None] = {}
        # Rows from before an external change: drawn until their fresh copy arrives.
        self._stale: dict[str, PaperView | None] = {}
        self._epoch = 0
        self._pending: tuple[int, int, int] | None = None
        self._with_category = False
        self._sort = "catalog"
        self._empty_message = "Loading…"
        self._loaded = False
        self._layout_key: tuple[int, bool] | None = None
        self._layout: list[Column] = []

    # Data in ---------------------------------------------------------------------------

    def set_view(
        self,
        ids: list[str],
        rows: list[PaperView],
        *,
        cursor_id: str | None,
        with_category: bool,
        sort: str,
        empty_message: str,
    ) -> None:
        """Show a new order snapshot; the cursor goes to `cursor_id` if the view has it."""
        self._ids = ids
        self._index = None
        self._rows = {p.id: p for p in rows}
        self._stale = {}
        self._epoch += 1
        self._pending = None
        self._with_category = with_category
        self._sort = sort
        self._empty_message = empty_message
        self._loaded = True
        self.virtual_size = Size(0, len(ids) + 1)
        target = self.index_of(cursor_id) if cursor_id else None
        self.set_reactive(PaperTable.cursor, target or 0)
        top = max(0, (target or 0) - self._visible_rows() // 2) if target else 0
        # force: the scrollbar for the new virtual size only appears at the next layout, and
        # until then a plain scroll_to would be ignored as "not scrollable".
        self.scroll_to(y=top, animate=False, force=True)
        self.refresh()
        self._announce()

    def set_empty_message(self, message: str) -> None:
        if message != self._empty_message:
            self._empty_message = message
            self.refresh()

    def put_rows(self, epoch: int, requested: tuple[str, ...], papers: list[PaperView]) -> None:
        if epoch != self._epoch:
            return  # read before the data changed again; a newer request is on its way
        got: dict[str, PaperView | None] = {p.id: p for p in papers}
        for pid in requested:
            self._rows[pid] = got.get(pid)
        self._pending = None
        self._trim()
        self.refresh()
        if self.cursor_id in got:
            self._announce()

    def update_papers(self, papers: list[PaperView]) -> None:
        """Fresh copies of papers this TUI just wrote; rows stay where they are. Only rows
        that actually changed are redrawn."""
        announce = False
        for p in papers:
            index = self.index_of(p.id)
            if index is None or self._rows.get(p.id) == p:
                continue
            self._rows[p.id] = p
            self._refresh_row(index)
            announce = announce or p.id == self.cursor_id
        if announce:
            self._announce()

    def invalidate(self) -> None:
        """Someone else wrote: re-read rows as they come on screen, drawing the old ones until
        then so nothing flickers."""
        self._stale = {k: v for k, v in {**self._stale, **self._rows}.items() if v is not None}
        self._rows = {}
        self._epoch += 1
        self._pending = None
        self.refresh()

    # Queries -----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> list[str]:
        return self._ids

    @property
    def loaded(self) -> bool:
        """Has a view been set and is the cursor row on hand?"""
        return self._loaded and (not self._ids or self.cursor_paper is not None)

    @property
    def cursor_id(self) -> str | None:
        return self._ids[self.cursor] if 0 <= self.cursor < len(self._ids) else None

    @property
    def cursor_paper(self) -> PaperView | None:
        pid = self.cursor_id
        if pid is None:
            return None
        return self._rows.get(pid) or self._stale.get(pid)

    def index_of(self, paper_id: str) -> int | None:
        if self._index is None:
            self._index = {pid: i for i, pid in enumerate(self._ids)}
        return self._index.get(paper_id)

    def move_to(self, paper_id: str) -> bool:
        index = self.index_of(paper_id)
        if index is None:
            return False
        self.cursor = index
        return True

    # Cursor ------------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._ids) - 1)) if self._ids else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_to_cursor()
        self._announce()

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += self._visible_rows()

    def action_page_up(self) -> None:
        self.cursor -= self._visible_rows()

    def action_first_row(self) -> None:
        self.cursor = 0

    def action_last_row(self) -> None:
        self.cursor = len(self._ids) - 1

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        rows = self._visible_rows()
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, force=True)
        elif self.cursor >= top + rows:
            self.scroll_to(y=self.cursor - rows + 1, animate=False, force=True)

    def _refresh_row(self, index: int) -> None:
        self.refresh_line(index + 1)

    def _announce(self) -> None:
        self.post_message(self.Highlighted(self, self.cursor_id, self.cursor_paper))

    # Mouse -------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = 1
            for col in self._columns():
                if x <= event.x < x + col.width + GAP and col.sort:
                    self.post_message(self.SortClicked(self, col.sort))
                    return
                x += col.width + GAP
            return
        index = round(self.scroll_y) + event.y - 1
        if 0 <= index < len(self._ids):
            self.cursor = index

    # Rendering ---------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._scroll_to_cursor()

    def _columns(self) -> list[Column]:
        key = (self.scrollable_content_region.width, self._with_category)
        if self._layout_key != key:
            self._layout_key = key
            self._layout = layout(key[0], with_category=key[1])
        return self._layout

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            return self._header(width, base)
        if not self._ids:
            return self._empty_line(y, width, base)
        index = round(self.scroll_y) + y - 1
        if index >= len(self._ids):
            return Strip.blank(width, base)
        return self._row(index, width, base)

    def _header(self, width: int, base: Style) -> Strip:
        style = base + self.get_component_rich_style("paper-table--header")
        # The sorted column's title is highlighted (no arrow: it would not fit "Year").
        sorted_style = base + self.get_component_rich_style("paper-table--sorted")
        segments = [Segment(" ", style)]
        for i, col in enumerate(self._columns()):
            if i:
                segments.append(Segment(" " * GAP, style))
            title = _align(col.title, col)
            if col.sort == self._sort and self._sort != "catalog":
                # Only the title's letters, not the padding, are underlined.
                stripped = title.strip()
                start = title.index(stripped)
                segments += [
                    Segment(title[:start], style),
                    Segment(stripped, sorted_style),
                    Segment(title[start + len(stripped) :], style),
                ]
            else:
                segments.append(Segment(title, style))
        return Strip(segments).adjust_cell_length(width, style)

    def _empty_line(self, y: int, width: int, base: Style) -> Strip:
        if y != 2:
            return Strip.blank(width, base)
        style = base + self.get_component_rich_style("paper-table--muted")
        return Strip([Segment(fit("  " + self._empty_message, width), style)])

    def _row(self, index: int, width: int, base: Style) -> Strip:
        pid = self._ids[index]
        paper = self._rows.get(pid) if pid in self._rows else self._stale.get(pid)
        if pid not in self._rows:
            self._want(index)
        is_cursor = index == self.cursor
        row_style = (
            base + self.get_component_rich_style("paper-table--cursor") if is_cursor else base
        )
        segments = [Segment(" ", row_style)]
        for i, col in enumerate(self._columns()):
            if i:
                segments.append(Segment(" " * GAP, row_style))
            text, style_name = _cell(paper, pid, col.key)
            style = row_style
            if style_name and not is_cursor:
                style = row_style + self.get_component_rich_style(style_name)
            segments.append(Segment(_align(text, col), style))
        return Strip(segments).adjust_cell_length(width, row_style)

    def _want(self, index: int) -> None:
        """Ask for a window of rows around `index` unless one covering it is on its way."""
        if self._pending is not None:
            epoch, start, end = self._pending
            if epoch == self._epoch and start <= index < end:
                return
        start = max(0, index - WINDOW_BEFORE)
        end = min(len(self._ids), index + WINDOW_AFTER)
        wanted = tuple(pid for pid in self._ids[start:end] if pid not in self._rows)
        self._pending = (self._epoch, start, end)
        self.post_message(self.RowsWanted(self, self._epoch, wanted))

    def _trim(self) -> None:
        if len(self._rows) + len(self._stale) <= CACHE_LIMIT:
            return
        top = round(self.scroll_y)
        keep = set(self._ids[max(0, top - 500) : top + 1_000])
        self._rows = {k: v for k, v in self._rows.items() if k in keep}
        self._stale = {k: v for k, v in self._stale.items() if k in keep}


def _align(text: str, col: Column) -> str:
    if col.right and cell_len(text) < col.width:
        return " " * (col.width - cell_len(text)) + text
    return fit(text, col.width)


def _cell(paper: PaperView | None, pid: str, key: str) -> tuple[str, str | None]:
    """Text and component class of one cell."""
    if paper is None:
        if key == "name":
            return (shown(pid) + " (loading…)", "paper-table--muted")
        return "", None
    if key == "status":
        return STATUS_GLYPHS[paper.status], f"paper-table--{paper.status.value}"
    if key == "name":
        return shown(paper.name), "paper-table--muted" if paper.status is Status.SKIPPED else None
    if key == "category":
        return shown(paper.category), "paper-table--muted"
    if key == "year":
        return (str(paper.year) if paper.year else ""), "paper-table--muted"
    if key == "venue":
        return shown(paper.venue), "paper-table--muted"
    if key == "rating":
        return stars(paper.rating), "paper-table--stars"
    if key == "activity":
        return ago(paper.progress.updated_at), "paper-table--muted"
    raise ValueError(key)
