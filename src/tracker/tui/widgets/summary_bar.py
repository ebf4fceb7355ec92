"""The one-line header: overall progress, the weekly reading pace, and how the table is sorted
and filtered when that is not the default."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from tracker.services.browse import Overview, ViewSpec
from tracker.tui.text import bar_parts, percent, shown, spark


class SummaryBar(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "summary-bar--brand",
        "summary-bar--bar",
        "summary-bar--muted",
    }

    DEFAULT_CSS = """
    SummaryBar {
        height: 1;
        background: $panel;
        color: $text;
        & > .summary-bar--brand { color: $text-accent; text-style: bold; }
        & > .summary-bar--bar { color: $success; }
        & > .summary-bar--muted { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._overview: Overview | None = None
        self._view: ViewSpec | None = None

    def show(self, overview: Overview | None, view: ViewSpec | None) -> None:
        self._overview = overview
        self._view = view
        self.refresh()

    def render(self) -> Text:
        brand = self.get_component_rich_style("summary-bar--brand")
        bar_style = self.get_component_rich_style("summary-bar--bar")
        muted = self.get_component_rich_style("summary-bar--muted")
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" tracker ", brand)
        o = self._overview
        if o is None:
            text.append(" loading…", muted)
            return text
        total = o.overall
        text.append(f" {total.label} ")
        filled, track = bar_parts(total.fraction, 12)
        text.append(filled, bar_style)
        text.append(track, muted)
        text.append(f" {percent(total.fraction)}")
        if total.reading:
            text.append(f" · {total.reading} reading", muted)
        weeks = [n for _, n in o.finished_per_week]
        pace = Text.assemble(
            ("  reviews/week ", muted),
            spark(weeks),
            (f" {weeks[-1] if weeks else 0} this week", muted),
        )
        # Right side: what the table shows, when it is not the plain catalog order.
        view = self._view
        tail = Text()
        if view is not None and (view.sort != "catalog" or view.needle):
            tail.append(" · " + shown(view.describe(with_category=False)), muted)
        room = self.size.width - cell_len(text.plain)
        if cell_len(pace.plain) + cell_len(tail.plain) <= room:
            text.append_text(pace)
        text.append_text(tail)
        return text
