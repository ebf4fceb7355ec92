"""A Markdown report in a modal (the offline link audit's). Links open like everywhere else in
the TUI: only http(s), only in a graphical browser."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from tracker.tui import browser
from tracker.tui.text import shown_notes


class ReportScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="report_close")
    ]

    DEFAULT_CSS = """
    ReportScreen {
        align: center middle;
        background: $background 60%;
        #report {
            width: 100;
            max-width: 95%;
            height: 90%;
            border: thick $accent;
            border-subtitle-color: $text-muted;
            background: $surface;
            padding: 0 1;
        }
    }
    """

    def __init__(self, title: str, markdown: str) -> None:
        super().__init__()
        self._title = title
        self._markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="report") as box:
            box.border_title = self._title
            box.border_subtitle = "esc closes"
            yield Markdown(shown_notes(self._markdown), open_links=False)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        if browser.is_web_url(event.href):
            self.run_worker(lambda: browser.open_url(event.href), thread=True, name="opening")

    def action_close(self) -> None:
        self.dismiss(None)
