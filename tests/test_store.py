"""The SQLite store: pragmas, schema versioning, refusal of newer schemas."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tracker.store.database import open_database
from tracker.store.errors import NewerSchemaError, NotADatabaseError
from tracker.store.schema_version import HEAD


def test_wal_foreign_keys_and_busy_timeout(db_path: Path) -> None:
    db = open_database(db_path)
    with db.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    db.dispose()


def test_head_matches_migration_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    import tracker.store.database as database

    config = Config()
    config.set_main_option("script_location", str(Path(database.__file__).parent / "migrations"))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_models_match_migrated_schema(db_path: Path) -> None:
    """The SQLModel tables describe exactly what the migrations create."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import tracker.store.tables  # noqa: F401

    db = open_database(db_path)
    with db.read() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    db.dispose()
    assert diff == []


def test_newer_schema_is_refused_and_untouched(db_path: Path) -> None:
    open_database(db_path).dispose()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(NewerSchemaError, match="newer tracker"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_foreign_sqlite_database_is_refused(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(NotADatabaseError, match="not a tracker database"):
        open_database(db_path)


def test_every_write_is_one_transaction(db) -> None:  # type: ignore[no-untyped-def]
    from tracker.services.progress import ProgressError, update
    from tracker.store.papers import get_paper

    with pytest.raises(ProgressError):
        update(db, ["lenet", "no-such-paper"], status="reviewed")
    with db.read() as conn:
        lenet = get_paper(conn, "lenet")
    assert lenet is not None and lenet.status.value == "unread"
