"""Plain-text formatting for the TUI: safe catalog text, relative times, bars and sparklines.

No Textual here, so these are unit-tested directly. Catalog and note text is *data*: it goes to
the screen through `shown()` (control characters and escape sequences made visible, never sent
to the terminal) and as `Text`/`Content`/`Segment`s, never as markup.
"""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len, set_cell_size

from tracker import clock
from tracker.catalog.text import escape_controls

SPARK_TICKS = " ▁▂▃▄▅▆▇█"


def shown(text: str | None) -> str:
    """One-line display form of catalog text: every control character as a visible escape."""
    return escape_controls(text or "")


def shown_notes(text: str) -> str:
    return escape_controls(text, notes=True)


def fit(text: str, width: int) -> str:
    """Exactly `width` cells: padded, or cut with an ellipsis (wide characters respected)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def ago(moment: datetime | None, *, now: datetime | None = None) -> str:
    """`just now`, `5m ago`, `3h ago`, `2d ago`, `6w ago`, then the date."""
    if moment is None:
        return ""
    now = now or clock.now()
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)}m ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)}h ago"
    days = int(seconds // 86400)
    if days < 14:
        return f"{days}d ago"
    if days < 7 * 12:
        return f"{days // 7}w ago"
    return local_date(moment)


def local_date(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d")


def bar(fraction: float, width: int) -> str:
    """A horizontal bar in eighths: `█████▍    `."""
    if width <= 0:
        return ""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[part] if part else ""
    return ("█" * full + partial).ljust(width)[:width]


def bar_parts(fraction: float, width: int) -> tuple[str, str]:
    """A bar split into its filled part and a faint track (`─`) for the rest, so an empty
    bar still shows how long it would be."""
    filled = bar(fraction, width).rstrip(" ")
    return filled, "─" * (width - len(filled))


def spark(values: list[int]) -> str:
    """One character per value, scaled to the largest; zero is a blank-ish baseline."""
    peak = max(values, default=0)
    if peak <= 0:
        return "▁" * len(values)
    return "".join(SPARK_TICKS[max(1, round(v / peak * 8))] if v else "▁" for v in values)


def percent(fraction: float) -> str:
    return f"{round(fraction * 100)}%"


def column_chart(values: list[int], height: int, *, bar_width: int = 2) -> list[str]:
    """A vertical bar chart, top line first, in eighth-blocks; one `bar_width` column (and a
    space) per value."""
    peak = max(values, default=0) or 1
    levels = [round(v / peak * height * 8) for v in values]
    lines = []
    for row in range(height, 0, -1):
        cells = []
        for level in levels:
            part = level - (row - 1) * 8
            char = "█" if part >= 8 else (" ▁▂▃▄▅▆▇"[part] if part > 0 else " ")
            cells.append(char * bar_width)
        lines.append(" ".join(cells))
    return lines
