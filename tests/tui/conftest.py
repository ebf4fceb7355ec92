"""Fixtures for the TUI tests: a fixture database with a fixed clock, and an app factory."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tracker.store.database import Database

from .helpers import CATEGORIES, NOW, PAPERS, build_db, seed_history


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every "now" in the app is NOW and local time is UTC: dates and "3d ago" are stable."""
    monkeypatch.setattr("tracker.clock.now", lambda: NOW)
    monkeypatch.setenv("TZ", "UTC")
    # The suite-wide NO_COLOR would make every snapshot monochrome.
    monkeypatch.delenv("NO_COLOR", raising=False)
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


@pytest.fixture
def tui_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    db = build_db(tmp_path / "tui.db", categories=CATEGORIES, papers=PAPERS)
    seed_history(db, monkeypatch)
    yield db
    db.dispose()


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "config.toml"


@pytest.fixture
def make_app(tui_db: Database, config_path: Path) -> Callable[..., Any]:
    """`make_app(db=None, **TrackerApp kwargs)`: no polling, no blinking cursors by default."""
    from .snapshot_app import build_app

    def make(db: Database | None = None, **kwargs: Any) -> Any:
        return build_app(db or tui_db, config_path, **kwargs)

    return make
