"""import and export."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from tracker.cli.common import (
    STATUS_HELP,
    check_status_option,
    complete_category,
    fail,
    is_tty,
    open_db,
    out_console,
    resolve_category,
)

if TYPE_CHECKING:
    from tracker.services.importer import ImportPlan


def import_(
    ctx: typer.Context,
    source: Annotated[
        Path | None,
        typer.Argument(
            help="Catalog .yaml, Markdown reading list or tracker export (.md), or a JSON "
            "backup. Default: the packaged catalog.",
            metavar="[SOURCE]",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would change; write nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Report as JSON.")] = False,
) -> None:
    """Import or update papers; never touches your progress unless SOURCE is a backup or a
    tracker Markdown export."""
    from tracker.services.importer import apply_import
    from tracker.services.sources import load_source

    catalog = load_source(source)
    db = open_db(ctx)
    if dry_run or not is_tty() or as_json:
        plan = apply_import(db, catalog, dry_run=dry_run)
    else:
        plan = _with_progress_bar(db, catalog)
    if as_json:
        typer.echo(json.dumps(_plan_json(plan), ensure_ascii=False, indent=2))
    else:
        _print_plan(plan, dry_run=dry_run)


def _with_progress_bar(db, catalog):  # type: ignore[no-untyped-def]
    from rich.progress import Progress

    from tracker.services.importer import apply_import

    if len(catalog.papers) < 2000:
        return apply_import(db, catalog)
    with Progress(transient=True, console=out_console()) as progress:
        task = progress.add_task("importing", total=len(catalog.papers))

        def on_progress(done: int, total: int) -> None:
            progress.update(task, completed=done, total=max(total, 1))

        return apply_import(db, catalog, on_progress=on_progress)


def _plan_json(plan: ImportPlan) -> dict[str, object]:
    def change(c: object) -> dict[str, object]:
        return {
            "id": c.id,  # type: ignore[attr-defined]
            "fields": {
                fc.field: {"old": _jsonable(fc.old), "new": _jsonable(fc.new)}
                for fc in c.changes  # type: ignore[attr-defined]
            },
        }

    return {
        "source": plan.source,
        "dry_run": not plan.applied,
        "summary": plan.summary(),
        "added": [{"id": p.id, "name": p.name, "category": p.category} for p in plan.added],
        "updated": [change(c) for c in plan.updated],
        "progress_restored": [change(c) for c in plan.progress],
        "missing_from_source": [pid for pid, _ in plan.missing],
        "new_categories": plan.new_categories,
        "backup": str(plan.backup) if plan.backup else None,
    }


def _jsonable(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _print_plan(plan: ImportPlan, *, dry_run: bool) -> None:
    from rich.text import Text

    console = out_console()
    s = plan.summary()
    head = "would import" if dry_run else "imported"
    console.print(
        Text(
            f"{head} {plan.source}: {s['added']} added, {s['updated']} updated, "
            f"{s['unchanged']} unchanged, {s['missing_from_source']} missing from the source"
            + (
                f", {s['progress_restored']} with progress restored"
                if s["progress_restored"]
                else ""
            )
        )
    )
    limit = 50
    for cat in plan.new_categories:
        console.print(Text(f"  + category {cat}", style="green"))
    for p in plan.added[:limit]:
        console.print(Text(f"  + {p.id}  {p.name}  [{p.category}]", style="green"))
    _more(console, len(plan.added), limit)
    for c in plan.updated[:limit]:
        console.print(Text(f"  ~ {c.id}  {', '.join(c.fields)}", style="yellow"))
        if dry_run:
            for fc in c.changes:
                console.print(Text(f"      {fc.field}: {_show(fc.old)} → {_show(fc.new)}"))
    _more(console, len(plan.updated), limit)
    for c in plan.progress[:limit]:
        console.print(Text(f"  ↺ {c.id}  {', '.join(c.fields)}", style="cyan"))
    _more(console, len(plan.progress), limit)
    if plan.missing:
        shown = ", ".join(pid for pid, _ in plan.missing[:10])
        more = " …" if len(plan.missing) > 10 else ""
        console.print(Text(f"  kept (not in source): {shown}{more}", style="dim"))
    if plan.backup:
        console.print(Text(f"backup of the previous database: {plan.backup}", style="dim"))
    if dry_run:
        console.print(Text("dry run: nothing was written", style="bold"))


def _more(console: object, count: int, limit: int) -> None:
    if count > limit:
        from rich.text import Text

        console.print(Text(f"  … and {count - limit} more", style="dim"))  # type: ignore[attr-defined]


def _show(value: object, limit: int = 60) -> str:
    from tracker.catalog.text import printable

    if value is None or value == ():
        return "∅"
    text = ", ".join(value) if isinstance(value, tuple) else str(value)
    return printable(text, limit)


def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Argument(help="md, json or csv.", metavar="md|json|csv")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")
    ] = None,
    category: Annotated[
        str | None,
        typer.Option(
            "--category", "-c", help="Only this category.", autocompletion=complete_category
        ),
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", "-s", help=f"Only {STATUS_HELP}.")
    ] = None,
) -> None:
    """Export progress: md (a shareable reading list), json (complete backup) or csv."""
    from tracker.services.exporter import FORMATS, write_export

    if fmt not in FORMATS:
        fail(f"unknown export format '{fmt}' (use {', '.join(FORMATS)})", 2)
    db = open_db(ctx)
    cat = resolve_category(ctx, category)
    st = check_status_option(status)
    if output is None:
        write_export(db, fmt, sys.stdout, category=cat, status=st)
        return
    _write_atomically(output, lambda fh: write_export(db, fmt, fh, category=cat, status=st))
    typer.echo(f"wrote {output}", err=True)


def _write_atomically(path: Path, write: Callable[[TextIO], None]) -> None:
    from tracker.atomic import write_atomically

    path = path.expanduser()
    try:
        write_atomically(path, write)
    except OSError as exc:
        fail(f"{path}: cannot write ({exc.strerror})")


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
    app.command()(export)
