"""Bare `tracker` lands here: `run_tui(db)` runs the TUI until the user quits.

This module imports no Textual at the top: `run_tui` first starts reading the first screenful
on a thread (see `startup.py`), then imports Textual and the app, so the two overlap. The app
class itself lives in `tracker_app.py`; `from tracker.tui.app import TrackerApp` still works.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.store.database import Database
    from tracker.tui.tracker_app import TrackerApp


def run_tui(db: Database) -> None:
    from tracker.tui.startup import preload

    preloaded = preload(db)

    from tracker.paths import config_path
    from tracker.tui.config import load
    from tracker.tui.tracker_app import TrackerApp

    app = TrackerApp(db, config=load(config_path()), preloaded=preloaded)
    app.run()
    # Textual has already printed the traceback of a crash; the shell should see it failed.
    if app.return_code:
        raise SystemExit(app.return_code)


def __getattr__(name: str) -> Any:
    if name == "TrackerApp":
        from tracker.tui.tracker_app import TrackerApp

        return TrackerApp
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["TrackerApp", "run_tui"]
