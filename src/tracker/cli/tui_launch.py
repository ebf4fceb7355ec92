"""Bare `tracker`: open the TUI (imported only now: Textual is the heaviest import we have)."""

from __future__ import annotations

import typer


def launch(ctx: typer.Context) -> None:
    from tracker.cli.common import open_db

    db = open_db(ctx)
    try:
        from tracker.tui.app import run_tui
    except ImportError:  # the TUI is optional in a stripped-down build
        typer.echo(ctx.get_help())
        return
    run_tui(db)
