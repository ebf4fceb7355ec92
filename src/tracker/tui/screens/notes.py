"""The notes editor: a multi-line Markdown text area. ctrl+s saves; escape asks before
throwing away changes."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from tracker.tui.screens.confirm import ConfirmScreen
from tracker.tui.widgets.key_bar import KeyBar


class NotesScreen(ModalScreen[str | None]):
    """Dismisses with the new notes, or None when nothing is to be saved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="notes_save", priority=True),
        Binding("escape", "cancel", "Cancel", id="notes_cancel", priority=True),
    ]

    DEFAULT_CSS = """
    NotesScreen {
        align: center middle;
        background: $background 60%;
        #editor-box {
            width: 90%;
            max-width: 100;
            height: 80%;
            border: thick $accent;
            background: $surface;
            padding: 0 1;
        }
        #editor-title { height: 1; }
        TextArea { height: 1fr; border: none; padding: 0; }
        #editor-help { height: 1; background: $surface; }
    }
    """

    def __init__(self, paper_name: str, notes: str, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self._paper_name = paper_name
        self._original = notes
        self._cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        with Vertical(id="editor-box"):
            yield Static(
                Content.assemble(("Notes · ", "bold $text-accent"), (self._paper_name, "bold")),
                id="editor-title",
            )
            area = TextArea(self._original, soft_wrap=True, show_line_numbers=False, id="notes")
            area.cursor_blink = self._cursor_blink
            yield area
            yield KeyBar(id="editor-help")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        from tracker.services.progress import ProgressError, check_notes

        text = self.text
        try:
            check_notes(text)
        except ProgressError as exc:
            # Checked here, before closing: the text stays in the editor to be fixed.
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return
        self.dismiss(text if text != self._original else None)

    def action_cancel(self) -> None:
        if self.text == self._original:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Discard the changes to these notes?", yes="Discard", no="Keep editing"),
            answered,
        )
