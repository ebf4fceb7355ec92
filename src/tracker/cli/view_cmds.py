"""list, show, stats: read-only views, human (Rich) or `--json`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from tracker.cli.common import (
    STATUS_HELP,
    check_status_option,
    complete_category,
    complete_paper,
    open_db,
    out_console,
    resolve_category,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output (stable).")]
CategoryOpt = Annotated[
    str | None,
    typer.Option(
        "--category",
        "-c",
        help="Only this category (name or unique prefix).",
        autocompletion=complete_category,
    ),
]
StatusOpt = Annotated[str | None, typer.Option("--status", "-s", help=f"Only {STATUS_HELP}.")]


def _dump(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def list_(
    ctx: typer.Context,
    category: CategoryOpt = None,
    status: StatusOpt = None,
    sort: Annotated[
        str, typer.Option("--sort", help="catalog, name, year, rating or activity.")
    ] = "catalog",
    as_json: JsonOpt = False,
) -> None:
    """List papers with their status and rating."""
    from tracker.cli.common import fail
    from tracker.cli.render import papers_table
    from tracker.services.exporter import paper_record
    from tracker.store.papers import SORTS, list_papers

    if sort not in SORTS:
        fail(f"unknown sort '{sort}' (use {', '.join(SORTS)})", 2)
    cat = resolve_category(ctx, category)
    st = check_status_option(status)
    with open_db(ctx).read() as conn:
        papers = list_papers(conn, category=cat, status=st, sort=sort)
    if as_json:
        import sys

        from tracker.services.json_stream import write_array

        write_array(sys.stdout, (paper_record(p) for p in papers))
        sys.stdout.write("\n")
        return
    out_console().print(papers_table(papers))


def show(
    ctx: typer.Context,
    paper: Annotated[
        str,
        typer.Argument(
            help="Id, name, alias or unique prefix.", autocompletion=complete_paper, metavar="PAPER"
        ),
    ],
    as_json: JsonOpt = False,
) -> None:
    """Everything about one paper: catalog facts, progress, notes and history."""
    from tracker.cli.render import paper_detail
    from tracker.services.exporter import paper_record
    from tracker.services.resolve import resolve
    from tracker.store import history
    from tracker.store.papers import get_paper

    with open_db(ctx).read() as conn:
        ref = resolve(conn, paper)
        view = get_paper(conn, ref.id)
        entries = history.for_paper(conn, ref.id)
    assert view is not None
    if as_json:
        record = paper_record(view)
        record["history"] = [
            {
                "field": e.field,
                "old": e.old,
                "new": e.new,
                "at": e.at.isoformat(),
                "source": e.source,
            }
            for e in entries
        ]
        _dump(record)
        return
    console = out_console()
    for part in paper_detail(view, entries):
        console.print(part)


def stats(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Progress per category (reviewed / (total − skipped)), ratings and weekly activity."""
    from tracker.cli.render import stats_view
    from tracker.services.stats import compute

    result = compute(open_db(ctx))
    if as_json:
        _dump(result.as_json())
        return
    console = out_console()
    for part in stats_view(result):
        console.print(part)


def register(app: typer.Typer) -> None:
    app.command("list")(list_)
    app.command()(show)
    app.command()(stats)
