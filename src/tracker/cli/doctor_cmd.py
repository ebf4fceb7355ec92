"""`tracker doctor`: check the database's integrity, schema version and catalog consistency."""

from __future__ import annotations

from typing import Annotated

import typer

SYMBOLS = {"ok": ("✓", "green"), "warning": ("!", "yellow"), "problem": ("✗", "red bold")}


def doctor(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Report as JSON.")] = False,
) -> None:
    """Check integrity, schema version and catalog consistency; exit 1 on problems.

    Read-only: never creates, migrates or repairs the database.
    """
    from rich.text import Text

    from tracker.catalog.text import printable
    from tracker.cli.common import out_console
    from tracker.paths import db_path
    from tracker.services.doctor import diagnose

    root = ctx.find_root()
    explicit = root.obj.get("db_path") if isinstance(root.obj, dict) else None
    report = diagnose(db_path(explicit))
    if as_json:
        typer.echo(report.to_json())
    else:
        console = out_console()
        console.print(Text(f"database {printable(str(report.path), 2000)}", style="bold"))
        for finding in report.findings:
            symbol, style = SYMBOLS.get(finding.severity, ("·", "dim"))
            line = Text(f"{symbol} ", style=style)
            line.append(f"{finding.check}: ", style="bold")
            line.append(finding.message)
            console.print(line)
            for detail in finding.details:
                console.print(Text(f"    {detail}", style="dim"))
        problems = len(report.problems)
        verdict = "no problems found" if not problems else f"{problems} problem(s) found"
        console.print(Text(verdict, style="green" if not problems else "red bold"))
    if not report.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(doctor)
