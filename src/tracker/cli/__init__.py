"""Command-line front end (Typer)."""

from __future__ import annotations

import sys


def main() -> None:
    tui_db = _bare_tui(sys.argv[1:])
    if tui_db is not None:
        _run_tui(tui_db[0])
        return
    from tracker.cli.app import app

    app()


def _bare_tui(argv: list[str]) -> tuple[str | None] | None:
    """`tracker` or `tracker --db PATH`: the TUI, with no command-line parsing to pay for.

    Skipping Typer here takes ~60 ms off the time to the first frame; anything else (help,
    commands, bad options) goes through the Typer app as usual.
    """
    if not argv:
        return (None,)
    if len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"):
        return (argv[1],)
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > len("--db="):
        return (argv[0][len("--db=") :],)
    return None


def _run_tui(db_path: str | None) -> None:
    from tracker.errors import TrackerError

    try:
        from tracker.services.store_access import open_store

        db = open_store(db_path)
    except TrackerError as exc:
        from tracker.catalog.text import printable

        sys.stderr.write(f"tracker: error: {printable(str(exc), 2000)}\n")
        raise SystemExit(exc.exit_code) from None
    try:
        from tracker.tui.app import run_tui

        run_tui(db)
    finally:
        db.dispose()
