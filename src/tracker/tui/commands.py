"""Command palette (ctrl+p): tracker's commands, offered for the state the main screen is in
(no "sort by name" when the table is already sorted by name). "Jump to paper" is a separate
provider in `palette.py`, imported only when the palette opens."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from tracker.services.browse import SORT_KEYS, SORT_LABELS

if TYPE_CHECKING:
    from tracker.tui.screens.main import MainScreen


def tracker_commands(screen: MainScreen) -> Iterator[SystemCommand]:
    yield SystemCommand(
        "Export Markdown…",
        "Write the reading list with your progress to a file",
        screen.export_markdown,
    )
    yield SystemCommand(
        "Audit links (offline)",
        "Static checks and each link's last verdict, without the network",
        screen.audit_links_offline,
    )
    current = screen.view.sort if screen.view is not None else "catalog"
    for key in SORT_KEYS:
        if key != current:
            yield SystemCommand(
                f"Sort by {SORT_LABELS[key]}", "Reorder the table", partial(screen.sort_by, key)
            )
    if screen.view is not None and screen.view.needle:
        yield SystemCommand(
            "Clear filter", "Show every paper of the pane", screen.action_clear_filter
        )
    yield SystemCommand(
        "Switch theme", "Pick a colour theme (remembered)", screen.app.action_change_theme
    )
    yield SystemCommand("Keys", "Show every key (the ? screen)", screen.action_help)
    yield SystemCommand("Quit", "Quit tracker", screen.app.exit)  # fmt: skip
