"""Notes, links, filter and palette keys, checked in the database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from tracker.domain import Status
from tracker.store.database import Database
from tracker.tui.screens.confirm import ConfirmScreen
from tracker.tui.screens.main import MainScreen
from tracker.tui.screens.notes import NotesScreen
from tracker.tui.widgets.paper_table import PaperTable

from .helpers import paper, settle

MakeApp = Callable[..., Any]


def table(app: Any) -> PaperTable:
    return app.screen.query_one(PaperTable)


async def test_n_edits_notes_and_ctrl_s_saves(make_app: MakeApp, tui_db: Database) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        await pilot.press(*"Good", "enter", *"*intro*")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert paper(tui_db, "lenet").notes == "Good\n*intro*"


async def test_escape_asks_before_discarding(make_app: MakeApp, tui_db: Database) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("n", *"draft", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        assert app.screen.query_one(TextArea).text == "draft"
        await pilot.press("escape", "y")  # discard
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert paper(tui_db, "lenet").notes == ""
        # Unchanged notes close without a question.
        await pilot.press("n", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_editing_existing_notes_keeps_other_fields(
    make_app: MakeApp, tui_db: Database
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        table(app).move_to("resnet")
        await pilot.press("n")
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        assert "identity shortcuts" in area.text
        await pilot.press(*" more")
        await pilot.press("ctrl+s")
        await settle(pilot)
    p = paper(tui_db, "resnet")
    assert p.notes.endswith("[bold]x[/] more")
    assert (p.status, p.rating) == (Status.REVIEWED, 5)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []

    def fake_open(url: str) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr("tracker.tui.browser.open_url", fake_open)
    return urls


async def test_o_and_p_open_review_and_paper(make_app: MakeApp, opened: list[str]) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        table(app).move_to("resnet")
        await pilot.press("o", "p")
        await settle(pilot)
    assert opened == ["https://reviews.example.org/resnet", "https://arxiv.org/abs/1512.03385"]


async def test_only_http_urls_are_opened(make_app: MakeApp, opened: list[str]) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        table(app).move_to("escape")  # paper_url is javascript:alert(1)
        await pilot.press("p")
        await settle(pilot)
        table(app).move_to("lenet")  # no paper link at all
        await pilot.press("p")
        await settle(pilot)
    assert opened == []
    messages = [n.message for n in app._notifications]
    assert any("only http(s)" in m for m in messages)
    assert any("no paper link" in m for m in messages)


def test_browser_refuses_non_http_urls() -> None:
    from tracker.tui.browser import open_url

    assert open_url("javascript:alert(1)") is False
    assert open_url("file:///etc/passwd") is False


async def test_slash_filters_as_you_type_and_escape_clears(
    make_app: MakeApp, tui_db: Database
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"res")  # name (ResNet) ...
        await settle(pilot)
        assert table(app).ids == ["resnet"]
        field = app.screen.query_one("#filter-input", Input)
        field.value, field.cursor_position = "supervisio", 10
        await pilot.press("n")  # ... alias, as typed
        await settle(pilot)
        assert table(app).ids == ["alexnet"]
        await pilot.press("enter")  # keep the filter, back to the table
        assert app.focused is table(app)
        await pilot.press("d")
        await settle(pilot)
        assert paper(tui_db, "alexnet").status is Status.REVIEWED
        await pilot.press("slash", *"x")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.view.filter_text == ""
        assert len(table(app).ids) == 5
        assert app.focused is table(app)


async def test_filter_matches_titles_and_takes_text_literally(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("slash")
        field = app.screen.query_one("#filter-input", Input)
        field.value = "document recog"
        await settle(pilot)
        assert table(app).ids == ["lenet"]
        field.value = "%"  # LIKE wildcards are plain characters
        await settle(pilot)
        assert table(app).ids == []


async def test_ctrl_p_jumps_to_a_paper(make_app: MakeApp, tui_db: Database) -> None:
    from textual.command import CommandPalette

    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"yolo")
        await settle(pilot)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.view.category == "Object Detection"
        assert table(app).cursor_id == "yolo"
        await pilot.press("r")
        await settle(pilot)
    assert paper(tui_db, "yolo").status is Status.READING


async def run_command(pilot: Any, title: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*title)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)


async def test_palette_sorts_and_the_cursor_stays_put(make_app: MakeApp, tui_db: Database) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await run_command(pilot, "by rating")
        assert app.screen.view.sort == "rating"
        assert table(app).ids[0] == "resnet"
        assert table(app).cursor_id == "lenet"  # same paper, wherever it went
        index = table(app).cursor
        # Rating it to the top would move it in a fresh sort; the snapshot keeps it here.
        await pilot.press("5")
        await settle(pilot)
        assert table(app).cursor_id == "lenet"
        assert table(app).cursor == index
        assert paper(tui_db, "lenet").rating == 5


async def test_palette_exports_markdown(
    make_app: MakeApp, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tracker.services.exporter.export_markdown", lambda db: "# Reading list\n")
    target = tmp_path / "out" / "list.md"
    target.parent.mkdir()
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await run_command(pilot, "export")
        field = app.screen.query_one("#prompt-input", Input)
        field.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
    assert target.read_text() == "# Reading list\n"


async def test_palette_switches_theme_and_it_is_remembered(
    make_app: MakeApp, config_path: Any
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await run_command(pilot, "switch theme")  # opens the theme list
        await pilot.press(*"al-light")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "textual-light"
    assert 'theme = "textual-light"' in config_path.read_text()
    again = make_app()
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.theme == "textual-light"


async def test_palette_audits_links_offline(make_app: MakeApp) -> None:
    pytest.importorskip("tracker.services.links.audit")
    from tracker.tui.screens.report import ReportScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await run_command(pilot, "audit links")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Offline link audit: 1") for m in messages), messages
        # javascript:alert(1) is not a usable link, and the report says so.
        source = app.screen.query_one("Markdown").source
        assert "1 broken" in source
        assert "javascript" in source
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_jump_while_filtering_lands_on_the_paper(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("slash", *"lenet")
        await settle(pilot)
        assert table(app).ids == ["lenet"]
        await pilot.press("enter")
        await run_command(pilot, "yolo")
        await settle(pilot)
        assert app.screen.view == app.screen.view.with_filter("")
        assert app.screen.view.category == "Object Detection"
        assert table(app).cursor_id == "yolo"


async def test_notes_with_control_characters_stay_in_the_editor(
    make_app: MakeApp, tui_db: Database
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one(TextArea).insert("bell\x07")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)  # not closed, text kept
        assert "bell" in app.screen.query_one(TextArea).text
        assert any("control characters" in n.message for n in app._notifications)
    assert paper(tui_db, "lenet").notes == ""


async def test_keys_typed_in_the_same_instant_as_slash_go_to_the_filter(
    make_app: MakeApp, tui_db: Database
) -> None:
    """A fast typist (or tmux send-keys) delivers `/res` before focus reaches the filter:
    those letters must not run r (reading) and s (skipped) on the table."""
    from textual import events

    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        for key in ("slash", "r", "e", "s"):
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await settle(pilot)
        assert app.screen.query_one("#filter-input", Input).value == "res"
        assert table(app).ids == ["resnet"]
    assert paper(tui_db, "lenet").status is Status.UNREAD
