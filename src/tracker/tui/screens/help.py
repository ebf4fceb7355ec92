"""The `?` screen: every key (as remapped by the user's keymap) and what the ratings mean."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

# Binding ids shown, by section, in two columns. Ids missing from the bindings are skipped.
COLUMNS: tuple[tuple[tuple[str, tuple[tuple[str, ...], ...]], ...], ...] = (
    (
        ("Move", (("cursor_down", "cursor_up"), ("page_down", "page_up"),
                  ("first_row", "last_row"), ("next_pane", "previous_pane"))),
        ("View", (("filter",), ("clear_filter",), ("command_palette",))),
        ("App", (("help",), ("quit",))),
    ),
    (
        ("Progress", (("mark_reading",), ("mark_reviewed",), ("mark_unread",),
                      ("mark_skipped",), ("cycle_status",), ("rate_1",), ("rate_2",),
                      ("rate_3",), ("rate_4",), ("rate_5",), ("clear_rating",), ("undo",))),
        ("Paper", (("edit_notes",), ("open_review",), ("open_paper",))),
    ),
)  # fmt: skip
# Bindings listed together share a line: "↓ j / ↑ k  down / up".
PAIR_LABELS: dict[tuple[str, ...], str] = {
    ("cursor_down", "cursor_up"): "down / up",
    ("page_down", "page_up"): "page down / up",
    ("first_row", "last_row"): "first / last paper",
    ("next_pane", "previous_pane"): "next / prev pane",
}
KEY_WIDTH = 12


def keys_text(app: App[object], keys: str) -> str:
    return " ".join(app.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))


def help_columns(
    app: App[object], bindings: Iterable[Binding], keymap: dict[str, str]
) -> list[Content]:
    """One `Content` per column: section titles, then `keys  description` lines."""
    by_id = {b.id: b for b in bindings if b.id}
    columns = []
    for sections in COLUMNS:
        lines: list[Content] = []
        for title, ids in sections:
            if lines:
                lines.append(Content(""))
            lines.append(Content.styled(title, "bold $text-accent"))
            for group in ids:
                found = [b for b in (by_id.get(i) for i in group) if b is not None]
                if not found:
                    continue
                keys = " / ".join(keys_text(app, keymap.get(b.id or "", b.key)) for b in found)
                description = PAIR_LABELS.get(group) or " / ".join(b.description for b in found)
                lines.append(
                    Content.assemble((f"{keys:>{KEY_WIDTH}}  ", "bold $text-warning"), description)
                )
        columns.append(Content("\n").join(lines))
    return columns


FOOTNOTE = (
    "Sort, export, jump to a paper, link audit and themes: ctrl+p. "
    "Remap keys by binding id in the [keymap] table of the config file."
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help_close")
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        background: $background 60%;
        #help {
            width: 80;
            max-width: 95%;
            height: auto;
            max-height: 100%;
            border: thick $accent;
            border-title-color: $text-accent;
            border-subtitle-color: $text-muted;
            background: $surface;
            padding: 0 1;
        }
        #help-columns { height: auto; }
        .help-column { width: 1fr; }
        #help-footnote { margin-top: 1; color: $text-muted; }
    }
    """

    def __init__(self, columns: Sequence[Content]) -> None:
        super().__init__()
        self._columns = columns

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc closes"
            with Horizontal(id="help-columns"):
                for column in self._columns:
                    yield Static(column, classes="help-column")
            yield Static(Content.styled(FOOTNOTE, "$text-muted"), id="help-footnote")

    def action_close(self) -> None:
        self.dismiss(None)
