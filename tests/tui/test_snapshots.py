"""SVG snapshots of the main screen and its modals over the fixture database (fixed clock,
fixed theme, no blinking cursor). Review `snapshot_report.html` before `--snapshot-update`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tracker.tui.widgets.paper_table import PaperTable

from .helpers import build_db, settle

MakeApp = Callable[..., Any]
Compare = Callable[..., bool]


def steps(*keys: str, paper: str | None = None) -> Callable[[Pilot[Any]], Any]:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        if paper is not None:
            pilot.app.screen.query_one(PaperTable).move_to(paper)
            await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run


def test_main_80x24(snap_compare: Compare, make_app: MakeApp) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=steps())


def test_main_160x48(snap_compare: Compare, make_app: MakeApp) -> None:
    assert snap_compare(make_app(), terminal_size=(160, 48), run_before=steps())


def test_detail_panel(snap_compare: Compare, make_app: MakeApp) -> None:
    assert snap_compare(make_app(), terminal_size=(130, 40), run_before=steps(paper="resnet"))


def test_all_pane_sorted_by_rating(snap_compare: Compare, make_app: MakeApp) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("shift+tab")
        await settle(pilot)
        pilot.app.screen.sort_by("rating")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(160, 48), run_before=run)


def test_help_screen(snap_compare: Compare, make_app: MakeApp) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=steps("question_mark"))


def test_notes_editor(snap_compare: Compare, make_app: MakeApp) -> None:
    run = steps("n", *" More.", paper="resnet")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run)


def test_filter(snap_compare: Compare, make_app: MakeApp) -> None:
    run = steps("slash", *"net")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run)


def test_light_theme(snap_compare: Compare, make_app: MakeApp) -> None:
    from tracker.tui.config import TuiConfig

    app = make_app(config=TuiConfig(theme="textual-light"))
    assert snap_compare(app, terminal_size=(120, 32), run_before=steps(paper="resnet"))


def test_empty_database(snap_compare: Compare, make_app: MakeApp, tmp_path: Path) -> None:
    db = build_db(tmp_path / "empty.db", categories=(), papers=())
    assert snap_compare(make_app(db), terminal_size=(80, 24), run_before=steps())
