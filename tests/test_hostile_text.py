"""Rich markup and Markdown specials in catalog text are data: stored verbatim, shown literally."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Cli

CATALOG = """\
categories: ["[red]Cat[/red]"]
papers:
  - id: markup
    name: "[bold]x[/]"
    category: "[red]Cat[/red]"
    review_url: https://example.org/a
    title: "[link=https://evil.example]click[/link] | *stars* ]"
  - id: pipes
    name: "a | b * c ] d _e_"
    category: "[red]Cat[/red]"
    review_url: https://example.org/b
"""


def test_markup_in_names_is_shown_literally(
    cli: Cli, write_file: Callable[[str, str], Path]
) -> None:
    path = write_file("hostile.yaml", CATALOG)
    assert cli("import", str(path)).code == 0
    listed = cli("list", "--category", "[red]Cat[/red]")
    assert "[bold]x[/]" in listed.out
    assert "a | b * c ] d _e_" in listed.out
    shown = cli("show", "markup")
    assert "[link=https://evil.example]click[/link]" in shown.out
    data = cli.json("show", "markup", "--json")
    assert data["name"] == "[bold]x[/]"  # type: ignore[index]
    stats = cli("stats")
    assert "[red]Cat[/red]" in stats.out


def test_paper_completion_offers_ids_with_names(cli: Cli, db_path: Path) -> None:
    import typer

    from tracker.cli.app import app
    from tracker.cli.common import complete_paper

    cli("list")
    ctx = typer.Context(typer.main.get_command(app))
    ctx.params = {"db": str(db_path)}
    offers = complete_paper(ctx, "incep")
    assert ("inception-v3", "Inception-v3") in offers
    assert all(pid for pid, _ in offers)
