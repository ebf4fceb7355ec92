"""Reading activity: reviews finished per week as bars, and progress per category."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tracker.services.browse import Overview
from tracker.tui.text import bar_parts, column_chart, fit, percent, shown

CHART_HEIGHT = 4
MUTED = "$text-muted"


class ActivityPanel(Static):
    DEFAULT_CSS = """
    ActivityPanel {
        height: auto;
        max-height: 50%;
        padding: 0 1;
        background: $surface;
        border-top: solid $panel-lighten-2;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._overview: Overview | None = None

    def show(self, overview: Overview) -> None:
        self._overview = overview
        self.update(self._content(self.content_region.width or 56))

    def on_resize(self) -> None:
        if self._overview is not None:
            self.update(self._content(self.content_region.width))

    def _content(self, width: int) -> Content:
        o = self._overview
        assert o is not None
        weeks = [n for _, n in o.finished_per_week]
        parts: list[str | tuple[str, str]] = [
            ("Reading activity", "bold $text-accent"),
            (f"   {sum(weeks)} reviews in {len(weeks)} weeks\n", MUTED),
        ]
        for line in column_chart(weeks, CHART_HEIGHT):
            parts.append((line.rstrip() + "\n", "$text-success"))
        axis = "─" * (len(weeks) * 3 - 1)
        parts.append((axis + "\n", MUTED))
        if o.finished_per_week:
            first = o.finished_per_week[0][0].strftime("%d %b")
            parts.append((first.ljust(len(axis) - 9) + "this week\n", MUTED))
        label_w = min(24, max((len(c.name) for c in o.categories), default=3))
        bar_w = max(6, min(40, width - label_w - 16))
        for c in [*o.categories, o.overall]:
            parts.append("\n" + fit(shown(c.name), label_w) + " ")
            filled, track = bar_parts(c.fraction, bar_w)
            parts += [(filled, "$text-success"), (track, MUTED)]
            parts.append((f" {c.reviewed}/{c.denominator} {percent(c.fraction):>4}", MUTED))
        return Content.assemble(*parts)
