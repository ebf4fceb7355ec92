"""The Typer application: global options and command registration.

Only Typer is imported at module level; each command imports what it needs when it runs,
so `tracker --help` never loads SQLModel, Textual or httpx.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from tracker.domain import rating_help
from tracker.errors import TrackerError


class TrackerGroup(TyperGroup):
    """Turns every `TrackerError` into one line on stderr and its exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TrackerError as exc:
            from tracker.cli.common import fail

            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            typer.echo("tracker: interrupted", err=True)
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=TrackerGroup,
    name="tracker",
    help=(
        "Keyboard-first reading tracker for deep-learning paper reviews.\n\n"
        "Run with no command to open the full-screen TUI. "
        f"Ratings: {rating_help()}."
    ),
    no_args_is_help=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from tracker import __version__

        typer.echo(f"tracker {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database file (default: $TRACKER_DB, else your data directory).",
            metavar="PATH",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    ctx.obj = {"db_path": db}
    if ctx.invoked_subcommand is None:
        from tracker.cli.tui_launch import launch

        launch(ctx)


def _register() -> None:
    from tracker.cli import catalog_cmds, doctor_cmd, progress_cmds, view_cmds

    progress_cmds.register(app)
    view_cmds.register(app)
    catalog_cmds.register(app)
    doctor_cmd.register(app)
    try:
        from tracker.cli.links import links_app
    except ImportError:
        return
    app.add_typer(links_app, name="links")


_register()
