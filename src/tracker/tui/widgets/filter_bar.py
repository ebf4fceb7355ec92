"""The `/` filter: an input under the table, visible while a filter is typed or applied."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label

from tracker.services.browse import MAX_FILTER


class FilterBar(Horizontal):
    DEFAULT_CSS = """
    FilterBar {
        height: 1;
        display: none;
        background: $panel;
        &.-active { display: block; }
        Label { width: auto; padding: 0 1; color: $text-accent; text-style: bold; }
        Input {
            border: none;
            height: 1;
            padding: 0;
            width: 1fr;
            background: $panel;
            &:focus { border: none; background: $surface; }
        }
    }
    """

    def __init__(self, *, cursor_blink: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self._cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        yield Label("/")
        field = Input(
            placeholder="filter by name, alias or title · enter keeps it · esc clears",
            max_length=MAX_FILTER,
            id="filter-input",
        )
        field.cursor_blink = self._cursor_blink
        yield field

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def value(self) -> str:
        return self.input.value
