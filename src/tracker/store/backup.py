"""Timestamped, rotated copies of the database, taken before migrations and catalog imports."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

KEEP = 5


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def make_backup(db_path: Path, reason: str, *, keep: int = KEEP) -> Path | None:
    """Copy `db_path` with SQLite's online backup API (consistent even while others write).

    Returns the copy's path, or None when there is nothing to back up yet.
    """
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.db"
    src = sqlite3.connect(db_path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    _rotate(folder, db_path.stem, keep)
    return target


def list_backups(db_path: Path) -> list[Path]:
    """Backup copies of `db_path`, oldest first."""
    folder = backup_dir(db_path)
    return sorted(folder.glob(f"{db_path.stem}-*.db")) if folder.is_dir() else []


def _rotate(folder: Path, stem: str, keep: int) -> None:
    copies = sorted(folder.glob(f"{stem}-*.db"))
    for old in copies[:-keep]:
        old.unlink(missing_ok=True)
