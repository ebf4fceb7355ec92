"""The Textual application: theme, keymap, the command palette and the main screen.

Start-up cost is kept down by importing the screens' heavier parts (Markdown, modals, the
palette's paper search, the exporter) only when first used. `tracker.tui.app.run_tui` is
what bare `tracker` calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

if TYPE_CHECKING:
    from textual.command import Provider

from tracker.store.database import Database
from tracker.tui.commands import tracker_commands
from tracker.tui.config import TuiConfig, save_theme
from tracker.tui.screens.main import MainScreen
from tracker.tui.startup import Preload, preload

DEFAULT_THEME = "textual-dark"


def paper_jump_provider() -> type[Provider]:
    """Imported when the palette first opens: `textual.command` is not needed before."""
    from tracker.tui.palette import PaperJumpProvider

    return PaperJumpProvider


class TrackerApp(App[None]):
    # Absolute, so subclasses (benchmarks, tests) elsewhere still find it.
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "tracker"
    COMMANDS = App.COMMANDS | {paper_jump_provider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "quit", id="quit"),
        # Declared here (not left to Textual's default) so it has an id a keymap can rebind.
        Binding("ctrl+p", "command_palette", "commands", id="command_palette", priority=True),
    ]

    def __init__(
        self,
        db: Database,
        *,
        config: TuiConfig | None = None,
        poll_interval: float | None = 0.5,
        cursor_blink: bool = True,
        remember_theme: bool = True,
        preloaded: Preload | None = None,
    ) -> None:
        super().__init__()
        self.db = db
        # Started here unless the caller started it even earlier (run_tui does).
        self._preloaded = preloaded or preload(db)
        self.config = config or TuiConfig()
        self._poll_interval = poll_interval
        self._cursor_blink = cursor_blink
        self._remember_theme = remember_theme and self.config.path is not None
        self._saved_theme: str | None = None
        if self.config.keymap:
            self.set_keymap(self.config.keymap)

    def on_mount(self) -> None:
        problems = list(self.config.problems)
        theme = self.config.theme or DEFAULT_THEME
        if theme not in self.available_themes:
            problems.append(f"unknown theme {theme!r}; using {DEFAULT_THEME}")
            theme = DEFAULT_THEME
        self.theme = theme
        self._saved_theme = theme
        # Only a keymap needs checking (and the modal screens imported to check it).
        unknown = (
            sorted(set(self.config.keymap) - known_binding_ids()) if self.config.keymap else []
        )
        if unknown:
            problems.append(f"unknown binding ids in [keymap]: {', '.join(unknown)}")
        for problem in problems:
            self.notify(problem, title="Config", severity="warning", markup=False, timeout=8)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.push_screen(
            MainScreen(
                self.db,
                preloaded=self._preloaded,
                keymap=self.config.keymap,
                poll_interval=self._poll_interval,
                cursor_blink=self._cursor_blink,
            )
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        if isinstance(screen, MainScreen):
            yield from tracker_commands(screen)
        else:
            yield from super().get_system_commands(screen)

    def _theme_changed(self, theme: Theme) -> None:
        # The signal also fires for the theme set at start-up: only a change is written.
        if self._remember_theme and theme.name != self._saved_theme:
            self._saved_theme = theme.name
            self._save_theme(theme.name)

    def _save_theme(self, name: str) -> None:
        path = self.config.path
        assert path is not None

        def write() -> None:
            try:
                save_theme(path, name)
            except (OSError, ValueError) as exc:
                self.call_from_thread(
                    self.notify,
                    f"Could not remember the theme: {exc}",
                    severity="warning",
                    markup=False,
                )

        self.run_worker(write, thread=True, group="config", name="saving the theme")


def known_binding_ids() -> set[str]:
    from tracker.tui.screens.confirm import ConfirmScreen
    from tracker.tui.screens.help import HelpScreen
    from tracker.tui.screens.notes import NotesScreen
    from tracker.tui.screens.prompt import PromptScreen
    from tracker.tui.screens.report import ReportScreen
    from tracker.tui.widgets.paper_table import PaperTable

    ids: set[str] = set()
    owners = (
        TrackerApp,
        MainScreen,
        PaperTable,
        NotesScreen,
        ConfirmScreen,
        HelpScreen,
        PromptScreen,
        ReportScreen,
    )
    for owner in owners:
        ids.update(b.id for b in owner.BINDINGS if isinstance(b, Binding) and b.id)
    return ids
