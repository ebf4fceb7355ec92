"""mark, rate, note, undo: change the user's progress."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from tracker.cli.common import STATUS_HELP, check_status_option, complete_paper, fail, open_db
from tracker.domain import rating_help

PaperArg = Annotated[
    str,
    typer.Argument(
        help="Id, name or alias (any case/punctuation), or a unique prefix.",
        autocompletion=complete_paper,
        metavar="PAPER",
    ),
]


def _resolve(ctx: typer.Context, queries: list[str]) -> list[str]:
    from tracker.services.resolve import resolve

    with open_db(ctx).read() as conn:
        return [resolve(conn, q).id for q in queries]


def _report(papers: list, verb: str) -> None:  # type: ignore[type-arg]
    from rich.text import Text

    from tracker.cli.common import out_console
    from tracker.cli.render import status_text
    from tracker.domain import stars

    console = out_console()
    for p in papers:
        line = Text(f"{verb} ")
        line.append(p.name, style="bold")
        line.append(f" ({p.id}): ")
        line.append_text(status_text(p.status))  # type: ignore[arg-type]
        if p.rating:
            line.append(f"  {stars(p.rating)}", style="yellow")
        console.print(line)


def mark(
    ctx: typer.Context,
    papers: Annotated[
        list[str],
        typer.Argument(
            help="Papers to mark (id, name, alias or unique prefix).",
            autocompletion=complete_paper,
            metavar="PAPER...",
        ),
    ],
    status: Annotated[
        str, typer.Option("--status", "-s", help=f"New status: {STATUS_HELP}.")
    ] = "reviewed",
) -> None:
    """Set the status of one or more papers (default: reviewed)."""
    from tracker.services.progress import update

    value = check_status_option(status)
    ids = _resolve(ctx, papers)
    _report(update(open_db(ctx), ids, status=value), "marked")


def rate(
    ctx: typer.Context,
    paper: PaperArg,
    stars: Annotated[int, typer.Argument(help=f"0 clears. {rating_help()}.", metavar="STARS")],
) -> None:
    """Rate a paper 1–5 stars (0 clears the rating)."""
    from tracker.services.progress import check_rating, update

    check_rating(stars)
    ids = _resolve(ctx, [paper])
    result = update(open_db(ctx), ids, rating=stars)
    _report(result, "rated")


def note(
    ctx: typer.Context,
    paper: PaperArg,
    text: Annotated[
        str | None,
        typer.Argument(help="The notes (Markdown). Omit to edit in $EDITOR; '-' reads stdin."),
    ] = None,
    append: Annotated[bool, typer.Option("--append", "-a", help="Add to existing notes.")] = False,
) -> None:
    """Set a paper's notes, or edit them in $EDITOR."""
    from tracker.services.progress import update
    from tracker.store.papers import get_paper

    [pid] = _resolve(ctx, [paper])
    db = open_db(ctx)
    with db.read() as conn:
        current = get_paper(conn, pid)
    assert current is not None
    if text == "-":
        text = sys.stdin.read()
    elif text is None:
        from tracker.cli.editor import edit_text

        edited = edit_text(current.notes)
        if edited is None:
            typer.echo("notes unchanged (editor closed without saving)", err=True)
            return
        text = edited.rstrip("\n")
    if append and current.notes:
        text = current.notes.rstrip("\n") + "\n\n" + text
    _report(update(db, [pid], notes=text), "noted")


def undo(ctx: typer.Context) -> None:
    """Undo the most recent change (from the CLI, the TUI or an import)."""
    from tracker.services.progress import undo as undo_last

    result = undo_last(open_db(ctx))
    if result is None:
        fail("nothing to undo", 1)
    _report(result.papers, f"undid {', '.join(result.fields)} on")


def register(app: typer.Typer) -> None:
    app.command()(mark)
    app.command()(rate)
    app.command()(note)
    app.command()(undo)
