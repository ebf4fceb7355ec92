"""Rich renderings for humans. Catalog text always goes in as `Text`, never as markup."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tracker.domain import STATUS_GLYPHS, CategoryProgress, PaperView, Status, stars

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

    from tracker.domain import HistoryEntry
    from tracker.services.stats import Stats

STATUS_STYLE = {
    Status.UNREAD: "dim",
    Status.READING: "yellow",
    Status.REVIEWED: "green",
    Status.SKIPPED: "dim strike",
}


def status_text(status: Status) -> RenderableType:
    from rich.text import Text

    return Text(f"{STATUS_GLYPHS[status]} {status.value}", style=STATUS_STYLE[status])


def papers_table(papers: Sequence[PaperView]) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("name", no_wrap=True, overflow="ellipsis", max_width=40)
    table.add_column("category", no_wrap=True, overflow="ellipsis", max_width=28)
    table.add_column("status", no_wrap=True)
    table.add_column("rating", no_wrap=True, style="yellow")
    table.add_column("year", justify="right")
    for p in papers:
        table.add_row(
            Text(p.id),
            Text(p.name),
            Text(p.category),
            status_text(p.status),
            Text(stars(p.rating)),
            Text(str(p.year or "")),
        )
    return table


def bar(fraction: float, width: int = 16) -> str:
    filled = round(fraction * width)
    return "█" * filled + "░" * (width - filled)


def progress_table(categories: Sequence[CategoryProgress], overall: CategoryProgress) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("category", no_wrap=True)
    table.add_column("progress", no_wrap=True)
    table.add_column("reviewed", justify="right")
    table.add_column("reading", justify="right")
    table.add_column("skipped", justify="right")
    table.add_column("total", justify="right")
    table.add_column("avg ★", justify="right")
    for c in [*categories, overall]:
        style = "bold" if c is overall else ""
        table.add_row(
            Text(c.name, style=style),
            Text(f"{bar(c.fraction)} {c.fraction:>4.0%}", style="green"),
            str(c.reviewed),
            str(c.reading),
            str(c.skipped),
            str(c.total),
            f"{c.mean_rating:.1f}" if c.mean_rating is not None else "–",
        )
    return table


def stats_view(stats: Stats) -> list[RenderableType]:
    from rich.text import Text

    out: list[RenderableType] = [progress_table(stats.categories, stats.overall)]
    ratings = "  ".join(f"{'★' * n}: {count}" for n, count in stats.ratings.items())
    out.append(Text(f"\nratings  {ratings}"))
    weeks = stats.finished_per_week
    if weeks:
        peak = max(n for _, n in weeks) or 1
        ticks = "▁▂▃▄▅▆▇█"
        spark = "".join(ticks[min(7, round(n / peak * 7))] if n else " " for _, n in weeks)
        total = sum(n for _, n in weeks)
        out.append(Text(f"reviewed per week (last {len(weeks)})  {spark}  {total} in all"))
    return out


def paper_detail(p: PaperView, entries: Sequence[HistoryEntry]) -> list[RenderableType]:
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()

    def row(label: str, value: object) -> None:
        if value not in (None, "", ()):
            grid.add_row(label, value if not isinstance(value, str) else Text(value))

    row("name", p.name)
    row("id", p.id)
    row("aliases", ", ".join(p.aliases))
    row("title", p.title)
    row("first author", p.first_author)
    row("year", str(p.year) if p.year else None)
    row("venue", p.venue)
    row("category", p.category)
    if p.listed_under:
        row("listed under", f"{p.listed_under} (in the source list)")
    row("review", p.review_url)
    row("paper", p.best_paper_url)
    grid.add_row("status", status_text(p.status))
    row("rating", stars(p.rating) or None)
    pr = p.progress
    row("started", pr.started_at.strftime("%Y-%m-%d %H:%M") if pr.started_at else None)
    row("finished", pr.finished_at.strftime("%Y-%m-%d %H:%M") if pr.finished_at else None)
    if pr.started_at and pr.finished_at:
        row("took", f"{(pr.finished_at - pr.started_at).days} days")
    out: list[RenderableType] = [grid]
    if p.notes:
        out.append(Text("\nnotes", style="bold"))
        out.append(Text(p.notes))
    if entries:
        out.append(Text("\nhistory", style="bold"))
        for e in entries:
            if e.field not in {"status", "rating", "notes"}:
                continue
            out.append(
                Text(f"  {e.at:%Y-%m-%d %H:%M}  {e.field}: {_short(e.old)} → {_short(e.new)}")
            )
    return out


def _short(value: str | None, limit: int = 40) -> str:
    if value is None or value == "":
        return "∅"
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
