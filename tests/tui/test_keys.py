"""Every key of the issue, pressed through Pilot, checked in the database (through services)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tracker.domain import Status
from tracker.store.database import Database
from tracker.tui.screens.main import MainScreen
from tracker.tui.widgets.paper_table import PaperTable

from .helpers import paper, settle

MakeApp = Callable[..., Any]


def table(app: Any) -> PaperTable:
    return app.screen.query_one(PaperTable)


async def test_starts_on_first_category_first_paper_with_table_focused(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.view.category == "Image Classification"
        assert table(app).cursor_id == "lenet"
        assert app.focused is table(app)


@pytest.mark.parametrize(("keys", "expected"), [("j", "alexnet"), ("down", "alexnet")])
async def test_down_moves_and_marks_the_paper_under_the_cursor(
    make_app: MakeApp, tui_db: Database, keys: str, expected: str
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press(keys, keys, "k", "up", keys)
        assert table(app).cursor_id == expected
        await pilot.press("d")
        await settle(pilot)
    assert paper(tui_db, expected).status is Status.REVIEWED
    assert paper(tui_db, "lenet").status is Status.UNREAD


async def test_tab_and_shift_tab_change_pane(make_app: MakeApp, tui_db: Database) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)
        assert app.screen.view.category == "Object Detection"
        assert table(app).cursor_id == "rcnn"
        await pilot.press("j", "s")
        await settle(pilot)
        assert paper(tui_db, "yolo").status is Status.SKIPPED
        # Empty Category, then All, then round to the first again.
        await pilot.press("tab")
        await settle(pilot)
        assert table(app).row_count == 0
        await pilot.press("d")  # nothing to mark: a bell, no error
        await pilot.press("tab")
        await settle(pilot)
        assert app.screen.view.category is None
        assert table(app).row_count == 7
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        await settle(pilot)
        assert app.screen.view.category == "Image Classification"
        # The pane remembers where its cursor was.
        await pilot.press("j", "tab", "shift+tab")
        await settle(pilot)
        assert table(app).cursor_id == "alexnet"
    assert not [n for n in app._notifications if n.severity == "error"]


@pytest.mark.parametrize(
    ("key", "status"),
    [("r", Status.READING), ("d", Status.REVIEWED), ("s", Status.SKIPPED)],
)
async def test_status_keys(make_app: MakeApp, tui_db: Database, key: str, status: Status) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert table(app).cursor_paper.status is status
    p = paper(tui_db, "lenet")
    assert p.status is status
    if status is Status.REVIEWED:
        assert p.progress.finished_at is not None


async def test_u_marks_unread(make_app: MakeApp, tui_db: Database) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("j", "u")  # AlexNet is being read
        await settle(pilot)
    p = paper(tui_db, "alexnet")
    assert p.status is Status.UNREAD
    assert p.progress.started_at is None


async def test_space_cycles_unread_reading_reviewed(make_app: MakeApp, tui_db: Database) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        seen = []
        for _ in range(3):
            await pilot.press("space")
            await settle(pilot)
            seen.append(paper(tui_db, "lenet").status)
    assert seen == [Status.READING, Status.REVIEWED, Status.UNREAD]


async def test_quick_presses_apply_in_order(make_app: MakeApp, tui_db: Database) -> None:
    """Two `space`s before the first is written still advance twice (one writer, in order)."""
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("space", "space", "3", "4")
        await settle(pilot)
    p = paper(tui_db, "lenet")
    assert (p.status, p.rating) == (Status.REVIEWED, 4)


@pytest.mark.parametrize("stars", [1, 2, 3, 4, 5])
async def test_number_keys_rate(make_app: MakeApp, tui_db: Database, stars: int) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press(str(stars))
        await settle(pilot)
    assert paper(tui_db, "lenet").rating == stars


async def test_zero_clears_the_rating(make_app: MakeApp, tui_db: Database) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        assert table(app).move_to("resnet")
        await pilot.press("0")
        await settle(pilot)
    p = paper(tui_db, "resnet")
    assert p.rating is None
    assert p.status is Status.REVIEWED  # nothing else touched
    assert "identity shortcuts" in p.notes


async def test_ctrl_z_undoes_the_last_tui_change(make_app: MakeApp, tui_db: Database) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("d", "4")
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert paper(tui_db, "lenet").rating is None
        assert paper(tui_db, "lenet").status is Status.REVIEWED
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert paper(tui_db, "lenet").status is Status.UNREAD
        # The CLI's changes are not the TUI's to undo.
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert any("Nothing to undo" in n.message for n in app._notifications)
    assert paper(tui_db, "resnet").status is Status.REVIEWED


async def test_q_quits_and_loses_nothing(make_app: MakeApp, tui_db: Database) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("d", "5", "q")  # no waiting: the writes are still queued
        await pilot.pause()
        assert not app.is_running
    p = paper(tui_db, "lenet")
    assert (p.status, p.rating) == (Status.REVIEWED, 5)


async def test_question_mark_shows_every_key(make_app: MakeApp) -> None:
    from textual.widgets import Static

    from tracker.tui.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.content) for s in app.screen.query(Static))
        for needle in ("↓ j", "↑ k", "tab", "shift+tab", "space", "^z", "^p", "q", "?", "/"):
            assert needle in text
        for n in range(6):
            assert f"{n}  " in text
        assert "essential" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
