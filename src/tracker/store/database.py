"""Opening the SQLite database: pragmas, transactions, schema version and migrations.

Writers use `BEGIN IMMEDIATE` so concurrent writers (the TUI and CLI commands) queue on SQLite's
busy timeout instead of failing with "database is locked" when a read lock cannot be upgraded.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from tracker.store.backup import make_backup
from tracker.store.errors import (
    DatabaseBusyError,
    NewerSchemaError,
    NotADatabaseError,
    StoreError,
)
from tracker.store.schema_version import HEAD, REVISIONS

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 30.0


class Database:
    """A handle on one tracker database. Cheap to create; connections are opened per use."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self.backups: list[Path] = []

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with _friendly_errors(self.path), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction: everything inside commits together or not at all."""
        with (
            _friendly_errors(self.path),
            self.engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn,
            conn.begin(),
        ):
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def _friendly_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        message = str(exc.orig) if exc.orig else str(exc)
        if "locked" in message or "busy" in message:
            raise DatabaseBusyError(
                f"{path}: database stayed busy for {BUSY_TIMEOUT_S:.0f}s; nothing was written"
            ) from None
        if "not a database" in message:
            raise NotADatabaseError(f"{path}: file is not a SQLite database") from None
        raise StoreError(f"{path}: {message}") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: {exc}") from None


def _make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
        poolclass=NullPool,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module; we emit BEGIN ourselves.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def check_file(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite gets a chance to complain obscurely."""
    if not path.exists():
        return
    if path.is_dir():
        raise NotADatabaseError(f"{path}: is a directory, not a database file")
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head and head != SQLITE_MAGIC:
        raise NotADatabaseError(f"{path}: file is not a SQLite database; refusing to touch it")


def schema_revision(conn: Connection) -> str | None:
    """The Alembic revision stamped in the database, or None for an empty database."""
    tables = {
        row[0]
        for row in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    if not tables:
        return None
    if "alembic_version" not in tables:
        raise NotADatabaseError(
            "database has tables but no tracker schema version; it is not a tracker database"
        )
    row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return row[0] if row else None


def open_database(path: Path) -> Database:
    """Open (creating or migrating if needed) the database at `path`.

    A database written by a newer tracker is refused without being modified.
    """
    check_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path, _make_engine(path))
    try:
        with db.read() as conn:
            try:
                revision = schema_revision(conn)
            except NotADatabaseError as exc:
                raise NotADatabaseError(f"{path}: {exc}") from None
        if revision == HEAD:
            return db
        if revision is not None and revision not in REVISIONS:
            raise NewerSchemaError(
                f"{path}: schema revision {revision!r} comes from a newer tracker "
                f"(this one knows up to {HEAD!r}); upgrade tracker. The database was not modified."
            )
        if revision is not None:
            backup = make_backup(path, f"pre-migrate-{revision}-to-{HEAD}")
            if backup:
                db.backups.append(backup)
        _upgrade(db)
    except BaseException:
        db.dispose()
        raise
    return db


def _upgrade(db: Database) -> None:
    # Alembic is imported only here: an up-to-date database never pays for it.
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with db.write() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def read_meta(conn: Connection, key: str) -> str | None:
    row = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": key}).first()
    return row[0] if row else None


def write_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        text(
            "INSERT INTO meta (key, value) VALUES (:k, :v) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        {"k": key, "v": value},
    )
