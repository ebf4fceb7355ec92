"""The footer: the keys that work right now, as remapped by the user's keymap.

Textual's `Footer` gives every binding a fixed-width cell and scrolls when they overflow; with
the issue's seventeen keys that hides `q` and `?` at 80 columns. This bar shows one short entry
per action (`j/k move`, `1-5 rate`), drops the least essential ones when the terminal is narrow,
and always keeps `? help` (which lists everything) and `q quit`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

SEPARATOR = "  "


@dataclass(frozen=True, slots=True)
class Entry:
    ids: tuple[str, ...]  # binding ids; keys shown joined with "/" (or as a range for 1-5)
    label: str
    priority: int  # lower survives longer on a narrow terminal


ENTRIES: tuple[Entry, ...] = (
    Entry(("cursor_down", "cursor_up"), "move", 6),
    Entry(("next_pane",), "pane", 3),
    Entry(("mark_reading",), "reading", 2),
    Entry(("mark_reviewed",), "reviewed", 1),
    Entry(("mark_unread",), "unread", 4),
    Entry(("mark_skipped",), "skip", 4),
    Entry(("cycle_status",), "cycle", 3),
    Entry(("rate_1", "rate_2", "rate_3", "rate_4", "rate_5"), "rate", 1),
    Entry(("clear_rating",), "unrate", 5),
    Entry(("edit_notes",), "notes", 2),
    Entry(("open_review",), "review", 3),
    Entry(("open_paper",), "paper", 4),
    Entry(("filter",), "filter", 2),
    Entry(("clear_filter",), "clear filter", 1),
    Entry(("undo",), "undo", 2),
    Entry(("command_palette",), "commands", 1),
    Entry(("help",), "help", 0),
    Entry(("quit",), "quit", 0),
    # Modal screens.
    Entry(("notes_save",), "save", 0),
    Entry(("notes_cancel",), "close", 0),
)


def entry_keys(entry: Entry, keys_by_id: dict[str, list[str]]) -> str | None:
    """`j/k`, `1-5`, `^z`... for the entry, or None when none of its bindings is active."""
    if not all(i in keys_by_id for i in entry.ids):
        return None
    if len(entry.ids) == 5 and all(len(keys_by_id[i]) == 1 for i in entry.ids):
        first, last = keys_by_id[entry.ids[0]][0], keys_by_id[entry.ids[-1]][0]
        return f"{first}-{last}"
    # Prefer the last key of each binding: for "down,j" that is the letter.
    return "/".join(keys_by_id[i][-1] for i in entry.ids)


def fit_entries(items: list[tuple[Entry, str]], width: int) -> list[tuple[Entry, str]]:
    """Drop the least essential entries until the bar fits `width`."""
    shown = list(items)

    def size(entries: list[tuple[Entry, str]]) -> int:
        return (
            sum(cell_len(f"{keys} {e.label}") for e, keys in entries)
            + len(SEPARATOR) * max(0, len(entries) - 1)
            + 1
        )

    while size(shown) > width and shown:
        worst = max(shown, key=lambda item: item[0].priority)
        if worst[0].priority == 0:
            break
        # Of equally unimportant entries, drop the rightmost first.
        index = max(i for i, item in enumerate(shown) if item[0].priority == worst[0].priority)
        del shown[index]
    return shown


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.refresh()

    def render(self) -> Content:
        keys_by_id: dict[str, list[str]] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.id and active.enabled:
                display = self.app.get_key_display(Binding(binding.key, ""))
                keys_by_id.setdefault(binding.id, [])
                if display not in keys_by_id[binding.id]:
                    keys_by_id[binding.id].append(display)
        items = [(e, k) for e in ENTRIES if (k := entry_keys(e, keys_by_id)) is not None]
        parts: list[str | tuple[str, str]] = [" "]
        for i, (entry, keys) in enumerate(fit_entries(items, self.size.width)):
            if i:
                parts.append(SEPARATOR)
            parts += [(keys, "bold $footer-key-foreground"), " " + entry.label]
        return Content.assemble(*parts)
