"""Opening the store for a front end: resolve the path, open/migrate, seed on first use."""

from __future__ import annotations

import os

from tracker.paths import db_path
from tracker.store.database import Database, open_database


def open_store(explicit: str | os.PathLike[str] | None = None, *, seed: bool = True) -> Database:
    db = open_database(db_path(explicit))
    if seed and not is_seeded(db):
        # The importer (and YAML) load only for the very first run against a database.
        from tracker.services.importer import seed_if_needed

        seed_if_needed(db)
    return db


def is_seeded(db: Database) -> bool:
    from tracker.store.database import read_meta

    with db.read() as conn:
        return read_meta(conn, "seeded_at") is not None
