"""Behaviour beyond single keys: CLI writes showing up, errors, odd catalogs, config."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tracker.domain import Status
from tracker.store.database import Database
from tracker.tui.config import TuiConfig
from tracker.tui.widgets.category_tabs import CategoryTabs
from tracker.tui.widgets.detail_panel import DetailPanel
from tracker.tui.widgets.paper_table import PaperTable

from .helpers import build_db, paper, settle

MakeApp = Callable[..., Any]


def table(app: Any) -> PaperTable:
    return app.screen.query_one(PaperTable)


def errors(app: Any) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


async def test_cli_writes_show_up_within_a_second(make_app: MakeApp, cli_db_path: Path) -> None:
    from typer.testing import CliRunner

    from tracker.cli.app import app as cli

    app = make_app(poll_interval=0.1)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert table(app).cursor_paper.status is Status.UNREAD
        runner = CliRunner()
        for args in (["mark", "lenet"], ["rate", "lenet", "2"], ["note", "lenet", "from the CLI"]):
            result = runner.invoke(cli, ["--db", str(cli_db_path), *args])
            assert result.exit_code == 0, result.output
        for _ in range(20):  # up to a second
            await asyncio.sleep(0.05)
            await settle(pilot, rounds=1)
            shown = table(app).cursor_paper
            if shown.status is Status.REVIEWED and shown.rating == 2 and shown.notes:
                break
        shown = table(app).cursor_paper
        assert (shown.status, shown.rating, shown.notes) == (Status.REVIEWED, 2, "from the CLI")
        tabs = app.screen.query_one(CategoryTabs).tabs
        assert tabs[0].progress.reviewed == 2  # ResNet and now LeNet
        # The TUI then changes only what it is asked to: the CLI's rating and notes survive.
        await pilot.press("r")
        await settle(pilot)
    p = paper(app.db, "lenet")
    assert (p.status, p.rating, p.notes) == (Status.READING, 2, "from the CLI")


@pytest.fixture
def cli_db_path(tui_db: Database) -> Path:
    return tui_db.path


async def test_a_failing_worker_becomes_a_notification(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.services import browse
    from tracker.store.errors import DatabaseBusyError

    def busy(*args: Any, **kwargs: Any) -> Any:
        raise DatabaseBusyError("tui.db: database stayed busy for 30s; nothing was written")

    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        monkeypatch.setattr(browse, "cycle_status", busy)
        monkeypatch.setattr(browse, "detail", lambda *a, **k: 1 / 0)
        await pilot.press("space", "j")
        await settle(pilot)
        assert app.is_running
        assert any("stayed busy" in m for m in errors(app))
        assert any("ZeroDivisionError" in m for m in errors(app))


async def test_catalog_text_is_shown_literally(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        lines = [table(app).render_line(y).text for y in range(8)]
        assert any("[bold]x[/]" in line for line in lines)
        assert any("Evil\\x1b[31mRed" in line for line in lines)
        assert not any("\x1b" in line for line in lines)
        table(app).move_to("markup")
        await settle(pilot)
        facts = str(app.screen.query_one("#detail-facts").content)
        assert "[bold]x[/]" in facts


async def test_detail_shows_history_notes_and_link_health(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table(app).move_to("resnet")
        await settle(pilot)
        panel = app.screen.query_one(DetailPanel)
        links = str(panel.query_one("#detail-links").content)
        history = str(panel.query_one("#detail-history").content)
        assert "not audited" in links
        assert "https://arxiv.org/abs/1512.03385" in links
        assert "status reading → reviewed" in history
        assert "9d ago" in history
        assert panel.query_one("#detail-notes").display


async def test_link_health_from_the_last_audit(make_app: MakeApp, tui_db: Database) -> None:
    link_checks = pytest.importorskip("tracker.store.link_checks")
    from .helpers import NOW

    with tui_db.write() as conn:
        link_checks.save_checks(
            conn,
            [
                link_checks.LinkHealth(
                    "https://reviews.example.org/resnet",
                    "resnet",
                    "review",
                    "broken",
                    404,
                    None,
                    "not found",
                    NOW,
                )
            ],
        )
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table(app).move_to("resnet")
        await settle(pilot)
        links = str(app.screen.query_one("#detail-links").content)
    assert "✗ broken (404)" in links
    assert "paper  not audited" in links


async def test_empty_database(tmp_path: Path, make_app: MakeApp) -> None:
    db = build_db(tmp_path / "empty.db", categories=(), papers=())
    app = make_app(db)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert table(app).row_count == 0
        assert "No papers yet" in table(app).render_line(2).text
        await pilot.press("d", "space", "3", "n", "o", "tab", "j", "ctrl+z", "slash", *"x")
        await settle(pilot)
        assert app.is_running
        assert errors(app) == []
    db.dispose()


async def test_one_category(tmp_path: Path, make_app: MakeApp) -> None:
    db = build_db(
        tmp_path / "one.db",
        categories=("Only",),
        papers=({"id": "a", "name": "A", "category": "Only"},),
    )
    app = make_app(db)
    async with app.run_test() as pilot:
        await settle(pilot)
        tabs = app.screen.query_one(CategoryTabs).tabs
        assert [t.category for t in tabs] == ["Only", None]
        await pilot.press("tab", "d")
        await settle(pilot)
    assert paper(db, "a").status is Status.REVIEWED
    db.dispose()


async def test_keymap_from_config_rebinds_by_id(make_app: MakeApp, tui_db: Database) -> None:
    config = TuiConfig(keymap={"mark_reviewed": "x", "cursor_down": "down,n"})
    app = make_app(config=config)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("n", "x")  # n moves now (its own binding is shadowed), x marks
        await settle(pilot)
        await pilot.press("d")  # no longer bound
        await settle(pilot)
    assert paper(tui_db, "alexnet").status is Status.REVIEWED


async def test_config_problems_are_shown_not_fatal(make_app: MakeApp) -> None:
    config = TuiConfig(theme="no-such-theme", keymap={"no_such_binding": "x"})
    app = make_app(config=config)
    async with app.run_test() as pilot:
        await settle(pilot)
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert app.theme == "textual-dark"
    assert any("no-such-theme" in w for w in warnings)
    assert any("no_such_binding" in w for w in warnings)


async def test_clicking_a_header_sorts(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.click(PaperTable, offset=(3, 0))  # "Name"
        await settle(pilot)
        assert app.screen.view.sort == "name"
        assert table(app).ids[0] == "markup"  # "[" sorts before letters
        assert table(app).cursor_id == "lenet"


async def test_cursor_row_stays_on_screen_across_view_changes(
    tmp_path: Path, make_app: MakeApp
) -> None:
    papers = tuple(
        {"id": f"p{i:03d}", "name": f"Paper {i:03d}", "category": "Big"} for i in range(80)
    )
    db = build_db(tmp_path / "big.db", categories=("Big",), papers=papers)
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"050")
        await settle(pilot)
        assert table(app).ids == ["p050"]
        await pilot.press("escape")
        await settle(pilot)
        t = table(app)
        assert t.cursor_id == "p050"
        top = round(t.scroll_y)
        assert top <= t.cursor < top + t.scrollable_content_region.height - 1
        await pilot.press("end")
        assert round(t.scroll_y) > 60
        await pilot.press("d")
        await settle(pilot)
    assert paper(db, "p079").status is Status.REVIEWED
    db.dispose()
