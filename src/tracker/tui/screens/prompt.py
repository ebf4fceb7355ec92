"""Ask for one line of text (e.g. where to write an export). enter accepts, escape cancels."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class PromptScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt_cancel")
    ]

    DEFAULT_CSS = """
    PromptScreen {
        align: center middle;
        background: $background 60%;
        #prompt-box {
            width: 72;
            max-width: 95%;
            height: auto;
            border: thick $accent;
            background: $surface;
            padding: 0 1;
        }
        #prompt-help { color: $text-muted; }
    }
    """

    def __init__(
        self, title: str, value: str, *, help: str = "enter accepts · esc cancels"
    ) -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._help = help

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(self._title, markup=False)
            yield Input(self._value, id="prompt-input")
            yield Static(self._help, id="prompt-help", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
