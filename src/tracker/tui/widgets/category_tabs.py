"""The pane strip: one tab per category (catalog order) and "All", each with its progress.

Two lines: `Name 7/25` over a progress bar as wide as the tab, so every category's progress is
visible at a glance. When the tabs do not fit, inactive names are shortened first; if that is
not enough, the strip scrolls to keep the active tab in view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from tracker.domain import CategoryProgress
from tracker.tui.text import bar_parts, fit, shown

MIN_NAME = 4


@dataclass(frozen=True, slots=True)
class Tab:
    """One pane: `category` None is the All view."""

    category: str | None
    progress: CategoryProgress

    @property
    def name(self) -> str:
        return "All" if self.category is None else shown(self.category)

    @property
    def count(self) -> str:
        return f"{self.progress.reviewed}/{self.progress.denominator}"


def tab_labels(tabs: list[Tab], active: int, width: int) -> list[str]:
    """Labels (`" Name 7/25 "`) that fit `width` if at all possible: inactive names are cut
    to an ever shorter length before the active one is touched."""
    full = [tab.name for tab in tabs]

    def labels(limit: int | None) -> list[str]:
        out = []
        for i, tab in enumerate(tabs):
            name = full[i]
            if limit is not None and i != active and cell_len(name) > limit:
                name = fit(name, limit)
            out.append(f" {name} {tab.count} ")
        return out

    result = labels(None)
    longest = max((cell_len(n) for n in full), default=0)
    limit = longest
    while sum(cell_len(label) for label in result) > width and limit > MIN_NAME:
        limit -= 1
        result = labels(limit)
    return result


class CategoryTabs(Widget):
    """Shows the panes; the screen decides which is active (`tab` / `shift+tab`, clicks)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "category-tabs--active",
        "category-tabs--inactive",
        "category-tabs--bar",
        "category-tabs--bar-empty",
        "category-tabs--active-bar",
    }

    DEFAULT_CSS = """
    CategoryTabs {
        height: 2;
        background: $panel;
        & > .category-tabs--active { color: $text; background: $surface; text-style: bold; }
        & > .category-tabs--inactive { color: $text-muted; }
        & > .category-tabs--bar { color: $success-muted; }
        & > .category-tabs--active-bar { color: $success; background: $surface; }
        & > .category-tabs--bar-empty { color: $foreground 15%; }
    }
    """

    active: reactive[int] = reactive(0)

    @dataclass
    class Selected(Message):
        tabs: CategoryTabs
        index: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._tabs: list[Tab] = []
        self._spans: list[tuple[int, int]] = []
        self._first = 0

    @property
    def tabs(self) -> list[Tab]:
        return self._tabs

    def set_tabs(self, tabs: list[Tab]) -> None:
        self._tabs = tabs
        self.active = min(self.active, max(0, len(tabs) - 1))
        self.refresh()

    def render(self) -> Text:
        width = self.size.width
        labels = tab_labels(self._tabs, self.active, width)
        active_style = self.get_component_rich_style("category-tabs--active")
        inactive_style = self.get_component_rich_style("category-tabs--inactive")
        bar_style = self.get_component_rich_style("category-tabs--bar")
        active_bar = self.get_component_rich_style("category-tabs--active-bar")
        empty_style = self.get_component_rich_style("category-tabs--bar-empty")
        # Scroll (in whole tabs) so the active tab is on screen.
        first = 0
        while first < self.active and sum(map(cell_len, labels[first : self.active + 1])) > width:
            first += 1
        top, bottom = Text(no_wrap=True, overflow="crop"), Text(no_wrap=True, overflow="crop")
        self._first = first
        self._spans = []
        x = 0
        for i in range(first, len(labels)):
            label, tab = labels[i], self._tabs[i]
            size = cell_len(label)
            is_active = i == self.active
            top.append(label, active_style if is_active else inactive_style)
            # The bar sits under the name, inset by a cell each side so neighbours stay apart.
            bottom.append(" ", active_style if is_active else inactive_style)
            bar_style_now = active_bar if is_active else bar_style
            _append_bar(bottom, tab.progress.fraction, size - 2, bar_style_now, empty_style)
            bottom.append(" ", active_style if is_active else inactive_style)
            self._spans.append((x, x + size))
            x += size
            if x >= width:
                break
        top.append("\n")
        top.append_text(bottom)
        return top

    def on_click(self, event: events.Click) -> None:
        for i, (start, end) in enumerate(self._spans):
            if start <= event.x < end:
                self.post_message(self.Selected(self, self._first + i))
                return


def _append_bar(text: Text, fraction: float, width: int, style: Style, empty: Style) -> None:
    filled, track = bar_parts(fraction, width)
    text.append(filled, style)
    text.append(track, empty)
