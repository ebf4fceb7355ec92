"""`tracker links audit`: which review and paper links are dead, moved, or refusing a bot.

Only Typer (and the light `cli.common`) is imported at module level; the audit service, and
httpx with it, load when the command runs, and `--offline` never loads httpx at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Annotated

import typer

from tracker.cli.common import complete_category

links_app = typer.Typer(
    name="links",
    help="Check the catalog's review and paper links.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> timedelta:
    """`90s`, `30m`, `12h`, `7d`, `2w`; a bare number is seconds."""
    m = _DURATION.match(text)
    if not m:
        raise ValueError(f"'{text}' is not a duration (use e.g. 30m, 12h, 7d, 2w)")
    return timedelta(seconds=float(m.group(1)) * _UNIT_SECONDS[m.group(2).lower()])


def _check_duration(value: str | None) -> str | None:
    if value is not None:
        try:
            parse_duration(value)
        except ValueError as exc:
            from tracker.catalog.text import printable

            raise typer.BadParameter(printable(str(exc), 80)) from None
    return value


@links_app.command("audit")
def audit(
    ctx: typer.Context,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline",
            help="No network at all: static checks plus the last online verdict of each URL.",
        ),
    ] = False,
    category: Annotated[
        str | None,
        typer.Option(
            "--category",
            "-c",
            metavar="C",
            help="Only this category (name or unique prefix).",
            autocompletion=complete_category,
        ),
    ] = None,
    concurrency: Annotated[
        int,
        typer.Option(
            "--concurrency", min=1, max=512, metavar="N", help="Requests in flight overall."
        ),
    ] = 32,
    per_host: Annotated[
        int,
        typer.Option("--per-host", min=1, max=64, metavar="N", help="Requests in flight per host."),
    ] = 4,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, max=600, metavar="S", help="Seconds per request.")
    ] = 10.0,
    retries: Annotated[
        int,
        typer.Option(
            "--retries",
            min=0,
            max=10,
            metavar="N",
            help="Retries of transient failures (429, 5xx, resets).",
        ),
    ] = 2,
    max_age: Annotated[
        str | None,
        typer.Option(
            "--max-age",
            callback=_check_duration,
            metavar="DURATION",
            help="Reuse definitive verdicts (2xx, 404/410, permanent redirects) younger than "
            "this, e.g. 7d; a stored 403, 429, 5xx or timeout is always checked again.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON array, one object per link.")] = (
        False
    ),
    as_md: Annotated[bool, typer.Option("--md", help="Markdown report.")] = False,
    only_problems: Annotated[
        bool, typer.Option("--only-problems", help="Leave out links that are fine.")
    ] = False,
    user_agent: Annotated[
        str | None,
        typer.Option(
            "--user-agent", metavar="UA", help="User-Agent header (default: a desktop browser's)."
        ),
    ] = None,
    deadline: Annotated[
        float,
        typer.Option(
            "--deadline",
            min=1,
            metavar="S",
            help="Seconds for the whole run; unfinished URLs: timeout.",
        ),
    ] = 600.0,
) -> None:
    """Check every review and paper link and keep the verdicts in the store.

    Verdicts: ok, redirected (permanent move; the new URL is shown), broken (404/410, a host
    name that no longer resolves while others do, an unusable URL), blocked (401/403/bot
    walls), rate-limited, timeout, error (TLS, refused, protocol, 5xx).

    Exit status: 0 when no link is broken, 1 when at least one is (only `broken` counts:
    blocked, rate-limited, timeout and error links may well work in a browser), 2 for
    usage errors. With --offline, broken means an unusable URL or a stored broken verdict.
    If the network is unreachable, the audit says so once and shows the offline checks.
    """
    from tracker.cli.common import fail, open_db, out_console, resolve_category
    from tracker.services.links.audit import AuditOptions, run_audit
    from tracker.services.links.report import render, to_json, to_markdown
    from tracker.services.links.settings import DEFAULT_USER_AGENT, CheckSettings

    if as_json and as_md:
        fail("--json and --md cannot be combined", 2)
    if user_agent is not None and not user_agent.strip():
        fail("--user-agent must not be empty", 2)
    settings = CheckSettings(
        concurrency=concurrency,
        per_host=per_host,
        timeout=timeout,
        retries=retries,
        deadline=deadline,
        user_agent=(user_agent or DEFAULT_USER_AGENT).strip(),
    )
    options = AuditOptions(
        offline=offline,
        category=resolve_category(ctx, category),
        max_age=parse_duration(max_age) if max_age is not None else None,
        settings=settings,
    )
    db = open_db(ctx)
    with _progress_bar(enabled=not offline) as on_progress:
        report = run_audit(db, options, on_progress=on_progress)
    if report.notice:
        typer.echo(f"tracker: {report.notice}", err=True)
    if as_json:
        typer.echo(to_json(report, only_problems=only_problems))
    elif as_md:
        typer.echo(to_markdown(report, only_problems=only_problems), nl=False)
    else:
        render(out_console(), report, only_problems=only_problems)
    if report.broken:
        raise typer.Exit(1)


@contextmanager
def _progress_bar(*, enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A transient bar on stderr when it is a terminal; nothing at all when piped."""
    from tracker.cli.common import err_console

    console = err_console()
    if not enabled or not console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "checking links",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("links", total=None)

        def on_progress(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield on_progress
