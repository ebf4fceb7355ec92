"""Crashes (issue 5): SIGKILL in the middle of a large import and of a save loop leaves a
sound database holding all of a write or none of it; `tracker doctor` says what it finds.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tracker.cli import doctor_cmd
from tracker.services.doctor import PROBLEM, diagnose
from tracker.services.store_access import open_store

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

SEEDED = 45
BIG = 40_000
TRACKER = [sys.executable, "-c", "from tracker.cli import main; main()"]


def write_big_list(path: Path, n: int) -> None:
    lines = ["# A big reading list", ""]
    for i in range(n):
        if i % 2000 == 0:
            lines += ["", f"## Category {i // 2000}", ""]
        lines.append(f"- [Paper {i} Net](https://reviews.example.org/p/{i}-paper)")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def seeded(path: Path) -> None:
    open_store(path).dispose()  # create, seed, checkpoint and close: the WAL is folded in


def wal_size(db: Path) -> int:
    try:
        return (db.parent / (db.name + "-wal")).stat().st_size
    except FileNotFoundError:
        return 0


def kill_when(proc: subprocess.Popen[bytes], ready: object, timeout: float = 60.0) -> bool:
    """SIGKILL `proc` as soon as `ready()` holds; False if it finished first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if ready():  # type: ignore[operator]
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.002)
    proc.kill()
    proc.wait()
    raise AssertionError("the child neither finished nor reached the kill point")


def count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_sigkill_during_a_large_import_keeps_all_or_nothing(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    source = tmp_path / "big.md"
    write_big_list(source, BIG)
    seeded(db)
    base_wal = wal_size(db)
    proc = subprocess.Popen(
        [*TRACKER, "--db", str(db), "import", str(source)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Pages spill into the WAL while the one import transaction is still open: kill then.
    killed = kill_when(proc, lambda: wal_size(db) > base_wal + 512 * 1024)
    assert killed, "the import finished before it could be killed; make BIG larger"
    papers = count(db, "paper")
    assert papers in {SEEDED, SEEDED + BIG}
    assert papers == SEEDED  # killed before COMMIT: none of it
    report = diagnose(db)
    assert report.ok, report.to_json()
    # And the import still works afterwards, whole.
    done = subprocess.run([*TRACKER, "--db", str(db), "import", str(source)], capture_output=True)
    assert done.returncode == 0, done.stderr
    assert count(db, "paper") == SEEDED + BIG
    assert diagnose(db).ok


SAVE_LOOP = r"""
import sys
from pathlib import Path
from tracker.services import progress
from tracker.services.store_access import open_store

db = open_store(Path(sys.argv[1]))
ids = sys.argv[2].split(",")
i = 0
while True:  # what the TUI does on each key press: one `progress.update` transaction
    pid = ids[i % len(ids)]
    progress.update(db, [pid], notes=f"save {i}", rating=i % 5 + 1, source="tui")
    i += 1
    if i == 50:
        print("saving", flush=True)
"""


def test_sigkill_during_a_save_loop_loses_no_committed_save(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    seeded(db)
    ids = ["lenet", "alexnet", "vggnet", "resnet"]
    proc = subprocess.Popen(
        [sys.executable, "-c", SAVE_LOOP, str(db), ",".join(ids)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"saving", proc.stderr.read() if proc.stderr else ""
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for pid in ids:
            notes, rating = conn.execute(
                "SELECT notes, rating FROM paper WHERE id = ?", (pid,)
            ).fetchone()
            # The paper's value is the last save the history recorded: each save was whole.
            rows = conn.execute(
                "SELECT field, new FROM history WHERE paper_id = ? ORDER BY id", (pid,)
            )
            last = dict(rows.fetchall())  # later rows overwrite: the newest value per field
            assert notes == last["notes"]
            assert str(rating) == last["rating"]
        saves = conn.execute("SELECT count(DISTINCT batch) FROM history").fetchone()[0]
        assert saves >= 50
    finally:
        conn.close()
    assert diagnose(db).ok


# -- tracker doctor ------------------------------------------------------------------------


def doctor_cli(db: Path, *args: str) -> tuple[int, str]:
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context) -> None:
        ctx.obj = {"db_path": str(db)}

    doctor_cmd.register(app)
    result = CliRunner().invoke(app, ["doctor", *args])
    return result.exit_code, result.stdout


def test_doctor_on_a_healthy_database(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    seeded(db)
    before = db.read_bytes()
    code, out = doctor_cli(db)
    assert code == 0, out
    for words in ("integrity_check: ok", "schema revision 0001", "WAL", "45 papers consistent"):
        assert words in out
    assert db.read_bytes() == before  # read-only
    code, out = doctor_cli(db, "--json")
    assert code == 0
    import json

    doc = json.loads(out)
    assert doc["ok"] is True and doc["problems"] == 0
    assert {c["check"] for c in doc["checks"]} >= {
        "integrity",
        "foreign_keys",
        "schema",
        "journal_mode",
        "lookup_keys",
        "backups",
    }


def test_doctor_reports_a_missing_or_foreign_file_without_creating_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    code, out = doctor_cli(missing)
    assert code == 1 and "no database" in out
    assert not missing.exists()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    code, out = doctor_cli(garbage)
    assert code == 1 and "not a SQLite database" in out


def _tamper(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA ignore_check_constraints = ON")
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()


def test_doctor_finds_catalog_inconsistencies(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    seeded(db)
    _tamper(
        db,
        "UPDATE paper SET rating = 9 WHERE id = 'lenet'",
        "UPDATE paper SET status = 'done' WHERE id = 'alexnet'",
        "UPDATE paper SET category = 'Nowhere' WHERE id = 'zfnet'",
        "DELETE FROM paper_key WHERE paper_id = 'vggnet'",
        "INSERT INTO paper_key (key, paper_id) VALUES ('oldname', 'resnet')",
        "INSERT INTO history (paper_id, field, old, new, at, batch, source) "
        "VALUES ('ghost', 'status', 'unread', 'reviewed', '2026-01-01T00:00:00Z', 'b', 'cli')",
        "UPDATE paper SET finished_at = '2026-01-01T00:00:00Z' WHERE id = 'googlenet'",
        "UPDATE paper SET started_at = 'yesterday', status = 'reading' WHERE id = 'sppnet'",
        "UPDATE paper SET aliases = 'not json' WHERE id = 'prelu-net'",
    )
    report = diagnose(db)
    assert not report.ok
    text = report.to_json()
    for expected in (
        "lenet: status='unread' rating=9",
        "alexnet: status='done'",
        "zfnet: 'Nowhere'",
        "vggnet: 'vggnet'",
        "resnet: 'oldname'",
        "history #",
        "googlenet: finished_at set but status is unread",
        "sppnet: started_at='yesterday'",
        "prelu-net",
        "foreign_keys",
    ):
        assert expected in text, expected
    problems = {f.check for f in report.findings if f.severity == PROBLEM}
    assert problems >= {"progress_values", "categories", "lookup_keys", "history", "aliases"}
    code, _ = doctor_cli(db)
    assert code == 1


def test_doctor_finds_a_damaged_file(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    seeded(db)
    conn = sqlite3.connect(db)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'paper_key'").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    start = (root - 1) * page_size
    data[start : start + 64] = b"\xff" * 64  # a b-tree page header no SQLite would write
    db.write_bytes(bytes(data))
    report = diagnose(db)
    assert not report.ok
    assert any(f.check in {"integrity", "open"} for f in report.problems)


def test_doctor_flags_a_newer_schema_and_an_older_one(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    seeded(db)
    _tamper(db, "UPDATE alembic_version SET version_num = '9999'")
    report = diagnose(db)
    assert [f.check for f in report.problems] == ["schema"]
    assert "newer tracker" in report.problems[0].message


def test_doctor_agrees_with_the_store_about_an_empty_file(tmp_path: Path) -> None:
    """tracker treats a 0-byte file as a new database; doctor must not call it foreign."""
    empty = tmp_path / "empty.db"
    empty.touch()
    report = diagnose(empty)
    assert not any(f.check == "file" and f.severity == PROBLEM for f in report.findings)
