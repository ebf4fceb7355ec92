"""Opening the store for a front end: resolve the path, open/migrate, seed on first use."""

from __future__ import annotations

import os
from pathlib import Path

from tracker.paths import db_path
from tracker.store.database import Database, open_database


def open_store(explicit: str | os.PathLike[str] | None = None, *, seed: bool = True) -> Database:
    from tracker.services.importer import seed_if_needed

    db = open_database(db_path(explicit))
    if seed:
        seed_if_needed(db)
    return db


def store_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    return db_path(explicit)
