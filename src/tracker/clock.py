"""The one place tracker asks for the time, so tests can pin it (snapshots, "N days ago")."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime, *, timespec: str = "microseconds") -> str:
    """Stored form: UTC with a `Z` suffix (microseconds unless asked otherwise); sorts as text."""
    return moment.astimezone(UTC).isoformat(timespec=timespec).replace("+00:00", "Z")


def parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def parse_utc(value: str) -> datetime:
    """Like `parse`, reading a timestamp without an offset as UTC."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
