"""Read-only queries behind `tracker doctor`.

A diagnosis must not change what it diagnoses, so these run on a plain `sqlite3` connection
opened with `mode=ro`: no schema creation, no migration, no seeding, no journal-mode switch.
Each function returns plain rows; `services/doctor.py` decides what they mean.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from tracker.domain import MAX_RATING, Status

STATUSES = tuple(s.value for s in Status)
MAX_ROWS = 50  # enough to show what is wrong without flooding the terminal


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=30.0)
    with closing(conn):
        conn.execute("PRAGMA busy_timeout = 30000")
        yield conn


def integrity(conn: sqlite3.Connection) -> list[str]:
    """`PRAGMA integrity_check` messages: `["ok"]` for a sound file."""
    return [str(r[0]) for r in conn.execute(f"PRAGMA integrity_check({MAX_ROWS})")]


def foreign_key_violations(conn: sqlite3.Connection) -> list[tuple[str, int | None, str]]:
    """(table, rowid, referenced table) of rows whose foreign key points nowhere."""
    rows = conn.execute("PRAGMA foreign_key_check").fetchmany(MAX_ROWS)
    return [(str(r[0]), r[1], str(r[2])) for r in rows]


def journal_mode(conn: sqlite3.Connection) -> str:
    return str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()


def tables(conn: sqlite3.Connection) -> set[str]:
    return {
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }


def schema_revision(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0]) if row else None


def paper_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM paper").fetchone()[0])


def papers_with_unknown_category(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    sql = (
        "SELECT p.id, p.category FROM paper p LEFT JOIN category c ON c.name = p.category "
        "WHERE c.name IS NULL ORDER BY p.position LIMIT ?"
    )
    return [(r[0], r[1]) for r in conn.execute(sql, (MAX_ROWS,))]


def history_for_unknown_papers(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    sql = (
        "SELECT h.id, h.paper_id FROM history h LEFT JOIN paper p ON p.id = h.paper_id "
        "WHERE p.id IS NULL ORDER BY h.id LIMIT ?"
    )
    return [(r[0], r[1]) for r in conn.execute(sql, (MAX_ROWS,))]


def keys_for_unknown_papers(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    sql = (
        "SELECT k.key, k.paper_id FROM paper_key k LEFT JOIN paper p ON p.id = k.paper_id "
        "WHERE p.id IS NULL LIMIT ?"
    )
    return [(r[0], r[1]) for r in conn.execute(sql, (MAX_ROWS,))]


def bad_status_or_rating(conn: sqlite3.Connection) -> list[tuple[str, object, object]]:
    """(id, status, rating) of papers whose status is unknown or rating is not 1-5 / NULL
    (CHECK constraints forbid these, unless something wrote with them switched off)."""
    marks = ", ".join("?" for _ in STATUSES)
    sql = (
        f"SELECT id, status, rating FROM paper WHERE status NOT IN ({marks}) "
        "OR (rating IS NOT NULL AND (typeof(rating) != 'integer' "
        f"OR rating NOT BETWEEN 1 AND {MAX_RATING})) "
        "ORDER BY position LIMIT ?"
    )
    return [(r[0], r[1], r[2]) for r in conn.execute(sql, (*STATUSES, MAX_ROWS))]


def bad_aliases(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(id, aliases) where aliases is not a JSON array (front ends would fail to read it)."""
    sql = (
        "SELECT id, aliases FROM paper WHERE NOT json_valid(aliases) "
        "OR json_type(aliases) != 'array' ORDER BY position LIMIT ?"
    )
    return [(r[0], r[1]) for r in conn.execute(sql, (MAX_ROWS,))]


def progress_rows(
    conn: sqlite3.Connection,
) -> Iterator[tuple[str, str, str | None, str | None, str | None]]:
    """(id, status, started_at, finished_at, updated_at) of every paper with a timestamp."""
    yield from conn.execute(
        "SELECT id, status, started_at, finished_at, updated_at FROM paper "
        "WHERE started_at IS NOT NULL OR finished_at IS NOT NULL OR updated_at IS NOT NULL "
        "ORDER BY position"
    )


def names_and_aliases(conn: sqlite3.Connection) -> Iterator[tuple[str, str, str]]:
    """(id, name, aliases JSON) of every paper, for recomputing its lookup keys."""
    yield from conn.execute("SELECT id, name, aliases FROM paper")


def lookup_keys(conn: sqlite3.Connection) -> Iterator[tuple[str, str]]:
    """(paper_id, key) of every stored lookup key."""
    yield from conn.execute("SELECT paper_id, key FROM paper_key")
