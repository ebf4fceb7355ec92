"""The one place tracker asks for the time, so tests can pin it (snapshots, "N days ago")."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Stored form: UTC, microseconds, `Z` suffix; sorts correctly as text."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
