"""Shared CLI plumbing: the database from `--db`, one-line errors, consoles, completion.

Imports here stay light: SQLModel, Rich and the services load only inside functions.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from tracker.store.database import Database


def open_db(ctx: typer.Context) -> Database:
    """The store for this invocation (opened once, seeded on first use)."""
    root = ctx.find_root()
    state = root.obj if isinstance(root.obj, dict) else {}
    root.obj = state
    if "db" not in state:
        from tracker.services.store_access import open_store

        state["db"] = open_store(state.get("db_path"))
        root.call_on_close(state["db"].dispose)
    return state["db"]  # type: ignore[no-any-return]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line to stderr and exit: no traceback, no markup interpretation."""
    from tracker.catalog.text import printable

    typer.echo(f"tracker: error: {printable(message, 2000)}", err=True)
    raise typer.Exit(code)


def out_console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def is_tty() -> bool:
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def complete_paper(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for PAPER arguments: ids (with names as help) by prefix."""
    try:
        from tracker.services.resolve import complete
        from tracker.services.store_access import open_store

        db_opt = (ctx.find_root().params or {}).get("db")
        db = open_store(db_opt, seed=False)
        try:
            with db.read() as conn:
                return complete(conn, incomplete)
        finally:
            db.dispose()
    except Exception:  # completion must never spew errors into the user's shell
        return []


def complete_category(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        from tracker.services.store_access import open_store
        from tracker.store.papers import categories

        db = open_store((ctx.find_root().params or {}).get("db"), seed=False)
        try:
            with db.read() as conn:
                names = categories(conn)
        finally:
            db.dispose()
    except Exception:
        return []
    return [n for n in names if n.lower().startswith(incomplete.lower())]


def resolve_category(ctx: typer.Context, value: str | None) -> str | None:
    """Accept a category by name, case-insensitively, or by unique prefix."""
    if value is None:
        return None
    from tracker.catalog.text import printable
    from tracker.domain import normalize_key
    from tracker.store.papers import categories

    with open_db(ctx).read() as conn:
        names = categories(conn)
    key = normalize_key(value)
    exact = [n for n in names if normalize_key(n) == key]
    if exact:
        return exact[0]
    prefixed = [n for n in names if normalize_key(n).startswith(key)] if key else []
    if len(prefixed) == 1:
        return prefixed[0]
    options = ", ".join(prefixed or names)
    what = "is ambiguous" if prefixed else "is not a category"
    fail(f"'{printable(value)}' {what} (categories: {options})", 2)


STATUS_HELP = "unread, reading, reviewed or skipped"


def check_status_option(value: str | None) -> str | None:
    if value is None:
        return None
    from tracker.domain import Status

    try:
        return Status(value.lower()).value
    except ValueError:
        from tracker.catalog.text import printable

        fail(f"unknown status '{printable(value)}' (use {STATUS_HELP})", 2)
