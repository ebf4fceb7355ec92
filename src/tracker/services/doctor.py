"""`tracker doctor`: is the database sound, current and consistent? Says what it found.

Severity: a *problem* is damage or a state tracker never writes (the command exits 1); a
*warning* is worth knowing but harmless or repaired on next use (an older schema, stale
progress timestamps an import left behind); *ok* says what was checked. Nothing is written:
the store opens the file read-only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tracker import clock
from tracker.catalog.text import printable
from tracker.store import checks
from tracker.store.backup import backup_dir, list_backups
from tracker.store.catalog_sync import keys_for
from tracker.store.database import check_file
from tracker.store.errors import NotADatabaseError
from tracker.store.schema_version import HEAD, REVISIONS

OK, WARNING, PROBLEM, SKIPPED = "ok", "warning", "problem", "skipped"
SHOWN = 10  # details listed per finding


@dataclass(frozen=True, slots=True)
class Finding:
    check: str
    severity: str
    message: str
    details: tuple[str, ...] = ()


@dataclass(slots=True)
class Report:
    path: Path
    findings: list[Finding] = field(default_factory=list)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == PROBLEM]

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, check: str, severity: str, message: str, details: Sequence[str] = ()) -> None:
        shown = [printable(d, 200) for d in details[:SHOWN]]
        if len(details) > SHOWN:
            shown.append(f"… and {len(details) - SHOWN} more")
        self.findings.append(Finding(check, severity, printable(message, 300), tuple(shown)))

    def as_json(self) -> dict[str, object]:
        return {
            "database": str(self.path),
            "ok": self.ok,
            "problems": len(self.problems),
            "warnings": sum(f.severity == WARNING for f in self.findings),
            "checks": [
                {
                    "check": f.check,
                    "severity": f.severity,
                    "message": f.message,
                    "details": list(f.details),
                }
                for f in self.findings
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.as_json(), ensure_ascii=False, indent=2)


def diagnose(path: Path) -> Report:
    report = Report(path)
    if not _file_ok(report, path):
        return report
    try:
        with checks.read_only(path) as conn:
            _run(report, conn)
    except sqlite3.DatabaseError as exc:
        report.add("open", PROBLEM, f"SQLite cannot read the database: {exc}")
    _backups(report, path)
    return report


def _file_ok(report: Report, path: Path) -> bool:
    if not path.exists():
        report.add("file", PROBLEM, f"no database at {path} (tracker creates it on first use)")
        return False
    if path.is_dir():
        report.add("file", PROBLEM, f"{path} is a directory, not a database file")
        return False
    try:
        check_file(path)  # the store's own test: an empty file is a new database, not a problem
    except NotADatabaseError:
        report.add("file", PROBLEM, "not a SQLite database file")
        return False
    report.add("file", OK, f"SQLite database, {path.stat().st_size / 2**20:.1f} MiB")
    return True


def _run(report: Report, conn: sqlite3.Connection) -> None:
    found = checks.integrity(conn)
    if found == ["ok"]:
        report.add("integrity", OK, "PRAGMA integrity_check: ok")
    else:
        report.add("integrity", PROBLEM, "PRAGMA integrity_check found damage", found)
    violations = checks.foreign_key_violations(conn)
    if violations:
        details = [f"{table} row {rowid} → missing {parent}" for table, rowid, parent in violations]
        report.add("foreign_keys", PROBLEM, "rows point at rows that do not exist", details)
    else:
        report.add("foreign_keys", OK, "PRAGMA foreign_key_check: no violations")
    mode = checks.journal_mode(conn)
    if mode == "wal":
        report.add("journal_mode", OK, "WAL (the TUI and CLI can write at the same time)")
    else:
        report.add(
            "journal_mode", WARNING, f"journal mode is {mode}; tracker switches it to WAL on use"
        )
    if _schema(report, conn):
        _catalog(report, conn)
    else:
        report.add("catalog", SKIPPED, "catalog checks need the current schema")


def _schema(report: Report, conn: sqlite3.Connection) -> bool:
    names = checks.tables(conn)
    if not names:
        report.add("schema", WARNING, "empty database; tracker creates the schema on first use")
        return False
    if "alembic_version" not in names:
        report.add("schema", PROBLEM, "tables but no schema version: not a tracker database")
        return False
    revision = checks.schema_revision(conn)
    if revision == HEAD:
        report.add("schema", OK, f"schema revision {HEAD} (current)")
        return True
    if revision in REVISIONS:
        report.add(
            "schema",
            WARNING,
            f"schema revision {revision} is older than {HEAD}; the next tracker command "
            "upgrades it (keeping a backup copy first)",
        )
        return False
    report.add(
        "schema",
        PROBLEM,
        f"schema revision {revision!r} is unknown to this tracker (it knows up to {HEAD}); "
        "it was written by a newer tracker, or damaged",
    )
    return False


def _catalog(report: Report, conn: sqlite3.Connection) -> None:
    total = checks.paper_count(conn)
    queries: list[tuple[str, str, Callable[[], list[str]]]] = [
        (
            "categories",
            "papers filed under a category that does not exist",
            lambda: [f"{pid}: '{cat}'" for pid, cat in checks.papers_with_unknown_category(conn)],
        ),
        (
            "history",
            "history rows for papers that do not exist",
            lambda: [
                f"history #{hid}: '{pid}'" for hid, pid in checks.history_for_unknown_papers(conn)
            ],
        ),
        (
            "progress_values",
            "statuses or ratings out of range",
            lambda: [
                f"{pid}: status={status!r} rating={rating!r}"
                for pid, status, rating in checks.bad_status_or_rating(conn)
            ],
        ),
        (
            "aliases",
            "aliases that are not a JSON list",
            lambda: [f"{pid}: {aliases!r}" for pid, aliases in checks.bad_aliases(conn)],
        ),
    ]
    for name, what, query in queries:
        details = query()
        if details:
            report.add(name, PROBLEM, f"{len(details)} {what}", details)
    _lookup_keys(report, conn)
    _timestamps(report, conn)
    if not report.problems:
        report.add("catalog", OK, f"{total} papers consistent")


def _lookup_keys(report: Report, conn: sqlite3.Connection) -> None:
    """Every paper must be findable by its id, name and aliases, and by nothing stale."""
    stored: dict[str, set[str]] = {}
    for pid, key in checks.lookup_keys(conn):
        stored.setdefault(pid, set()).add(key)
    missing: list[str] = []
    stale: list[str] = []
    for pid, name, aliases_json in checks.names_and_aliases(conn):
        try:
            aliases = json.loads(aliases_json or "[]")
        except ValueError:
            continue  # reported by the aliases check
        if not isinstance(aliases, list):
            continue
        wanted = keys_for(pid, name, [str(a) for a in aliases])
        have = stored.pop(pid, set())
        missing.extend(f"{pid}: '{k}'" for k in sorted(wanted - have))
        stale.extend(f"{pid}: '{k}'" for k in sorted(have - wanted))
    orphans = [f"{pid}: '{key}'" for key, pid in checks.keys_for_unknown_papers(conn)]
    if missing:
        report.add(
            "lookup_keys",
            PROBLEM,
            f"{len(missing)} lookup keys missing (papers unfindable)",
            missing,
        )
    if stale or orphans:
        report.add(
            "lookup_keys",
            PROBLEM,
            f"{len(stale) + len(orphans)} stale lookup keys (old names still resolve)",
            stale + orphans,
        )
    if not missing and not stale and not orphans:
        report.add("lookup_keys", OK, "every paper resolves by its id, name and aliases")


def _timestamps(report: Report, conn: sqlite3.Connection) -> None:
    unreadable: list[str] = []
    odd: list[str] = []
    for pid, status, started, finished, updated in checks.progress_rows(conn):
        parsed: dict[str, datetime | None] = {}
        for label, value in (
            ("started_at", started),
            ("finished_at", finished),
            ("updated_at", updated),
        ):
            try:
                parsed[label] = clock.parse(value)
            except (TypeError, ValueError):
                unreadable.append(f"{pid}: {label}={value!r}")
                parsed[label] = None
        if finished and status in {"unread", "reading"}:
            odd.append(f"{pid}: finished_at set but status is {status}")
        elif started and status == "unread":
            odd.append(f"{pid}: started_at set but status is unread")
        start, end = parsed["started_at"], parsed["finished_at"]
        if start and end and _comparable(start, end) and start > end:
            odd.append(f"{pid}: started_at is after finished_at")
    if unreadable:
        report.add("timestamps", PROBLEM, f"{len(unreadable)} unreadable timestamps", unreadable)
    if odd:
        report.add(
            "timestamps",
            WARNING,
            f"{len(odd)} papers whose timestamps do not match their status",
            odd,
        )


def _comparable(a: datetime, b: datetime) -> bool:
    return (a.tzinfo is None) == (b.tzinfo is None)


def _backups(report: Report, path: Path) -> None:
    folder = backup_dir(path)
    copies = list_backups(path)
    if copies:
        report.add(
            "backups",
            OK,
            f"{len(copies)} backup cop{'y' if len(copies) == 1 else 'ies'} in {folder}; "
            f"newest {copies[-1].name}",
        )
    else:
        report.add("backups", OK, f"no backup copies yet (they go to {folder})")
