"""The app as snapshot and Pilot tests run it: a given database, a fixed theme, no polling,
no blinking cursors (tests poll explicitly where they need to)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tracker.store.database import Database
from tracker.tui.app import TrackerApp
from tracker.tui.config import load


def build_app(db: Database, config_path: Path, **kwargs: Any) -> TrackerApp:
    kwargs.setdefault("poll_interval", None)
    kwargs.setdefault("cursor_blink", False)
    config = kwargs.pop("config", None) or load(config_path)
    return TrackerApp(db, config=config, **kwargs)
