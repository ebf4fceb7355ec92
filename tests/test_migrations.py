"""Migrations and backups (issue 5).

The fixture database is built the way tracker 0.1 built it: Alembic runs migration 0001 (the
first released schema) and rows go in with plain SQL, as 0.1 wrote them. Current code must open
it with nothing lost. Only one schema has been released so far, so the backup-before-migrating
path is exercised with a throwaway migration 0002 in a copy of the migrations folder.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tracker.store.database as database
from tracker.store.backup import KEEP, backup_dir
from tracker.store.database import open_database
from tracker.store.errors import NewerSchemaError

MIGRATIONS = Path(database.__file__).parent / "migrations"
FIRST_RELEASED = "0001"


def build_v01(path: Path, migrations: Path = MIGRATIONS) -> None:
    """A database as tracker 0.1 left it: schema 0001, two categories, three papers with
    progress, history and a link check, in WAL mode."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(migrations))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, FIRST_RELEASED)
    engine.dispose()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(
            """
            BEGIN;
            INSERT INTO category (name, position) VALUES ('Image Classification', 0),
                ('Object Detection', 1);
            INSERT INTO paper (id, name, category, position, review_url, aliases, title, year,
                status, rating, notes, started_at, finished_at, updated_at)
            VALUES
              ('lenet', 'LeNet', 'Image Classification', 0, 'https://example.org/lenet',
               '["LeNet-5"]', 'Gradient-Based Learning', 1998, 'reviewed', 5,
               'Classic. *Markdown* | [bold]kept[/]', '2026-01-01T10:00:00.000000Z',
               '2026-01-03T10:00:00.000000Z', '2026-01-03T10:00:00.000000Z'),
              ('alexnet', 'AlexNet', 'Image Classification', 1, 'https://example.org/alexnet',
               '[]', NULL, 2012, 'reading', NULL, '', '2026-01-02T10:00:00.000000Z', NULL,
               '2026-01-02T10:00:00.000000Z'),
              ('rcnn', 'R-CNN', 'Object Detection', 2, 'https://example.org/rcnn',
               '[]', NULL, NULL, 'skipped', 2, 'not for me', NULL, NULL,
               '2026-01-04T10:00:00.000000Z');
            INSERT INTO paper_key (key, paper_id) VALUES ('lenet', 'lenet'), ('lenet5', 'lenet'),
                ('alexnet', 'alexnet'), ('rcnn', 'rcnn');
            INSERT INTO history (paper_id, field, old, new, at, batch, source) VALUES
              ('lenet', 'status', 'unread', 'reviewed', '2026-01-03T10:00:00.000000Z', 'b1', 'cli'),
              ('lenet', 'rating', NULL, '5', '2026-01-03T10:00:00.000000Z', 'b1', 'cli'),
              ('alexnet', 'status', 'unread', 'reading', '2026-01-02T10:00:00.000000Z', 'b2',
               'tui');
            INSERT INTO link_check (url, paper_id, kind, verdict, status_code, checked_at)
              VALUES ('https://example.org/lenet', 'lenet', 'review', 'ok', 200,
               '2026-01-05T10:00:00.000000Z');
            INSERT INTO meta (key, value) VALUES ('seeded_at', '2026-01-01T09:00:00.000000Z');
            COMMIT;
            """
        )
    finally:
        conn.close()


def dump(path: Path, *, without: tuple[str, ...] = ()) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: sorted(conn.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
            for name in names
            if name not in without
        }
    finally:
        conn.close()


def test_first_released_schema_opens_with_nothing_lost(tmp_path: Path) -> None:
    db_path = tmp_path / "tracker.db"
    build_v01(db_path)
    before = dump(db_path)
    db = open_database(db_path)
    try:
        from tracker.store.papers import get_paper, list_papers

        with db.read() as conn:
            papers = {p.id: p for p in list_papers(conn)}
            lenet = get_paper(conn, "lenet")
        assert set(papers) == {"lenet", "alexnet", "rcnn"}
        assert lenet is not None and lenet.rating == 5 and lenet.aliases == ("LeNet-5",)
        assert lenet.notes == "Classic. *Markdown* | [bold]kept[/]"
        assert papers["rcnn"].status.value == "skipped"
    finally:
        db.dispose()
    after = dump(db_path, without=("alembic_version",))
    for table, rows in after.items():
        assert rows == before[table], table  # every row of every table is still there
    from tracker.services.doctor import diagnose

    assert diagnose(db_path).ok


def test_the_cli_reads_a_first_release_database(tmp_path: Path) -> None:
    from tracker.cli.app import app

    db_path = tmp_path / "tracker.db"
    build_v01(db_path)
    result = CliRunner().invoke(app, ["--db", str(db_path), "show", "lenet5", "--json"])
    assert result.exit_code == 0, result.stderr
    assert '"rating": 5' in result.stdout


def _fake_next_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the migrations with a harmless 0002 on top, and tracker pointed at it."""
    folder = tmp_path / "code"
    shutil.copytree(MIGRATIONS, folder / "migrations", ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "migrations" / "versions" / "0002_test_index.py").write_text(
        '"""Test-only revision: an extra index."""\n'
        "from alembic import op\n\n"
        'revision = "0002"\ndown_revision = "0001"\nbranch_labels = None\ndepends_on = None\n\n\n'
        "def upgrade() -> None:\n"
        '    op.create_index("ix_test_paper_year", "paper", ["year"])\n\n\n'
        "def downgrade() -> None:\n"
        '    op.drop_index("ix_test_paper_year", "paper")\n',
        encoding="utf-8",
    )
    # `_upgrade` finds the scripts next to database.py; HEAD/REVISIONS say what is current.
    monkeypatch.setattr(database, "__file__", str(folder / "database.py"))
    monkeypatch.setattr(database, "HEAD", "0002")
    monkeypatch.setattr(database, "REVISIONS", ("0001", "0002"))
    return folder / "migrations"


def test_upgrade_keeps_a_backup_first_and_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = tmp_path / "data" / "tracker.db"
    db_path.parent.mkdir()
    build_v01(db_path)
    before = dump(db_path)
    _fake_next_release(tmp_path, monkeypatch)
    db = open_database(db_path)
    db.dispose()
    assert len(db.backups) == 1
    backup = db.backups[0]
    assert backup.parent == backup_dir(db_path) and backup.exists()
    assert "pre-migrate-0001-to-0002" in backup.name
    assert dump(backup) == before  # the copy is the database as it was before migrating
    after = dump(db_path, without=("alembic_version",))
    assert after == {k: v for k, v in before.items() if k != "alembic_version"}
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0002"
        indexes = {r[1] for r in conn.execute("PRAGMA index_list(paper)")}
        assert "ix_test_paper_year" in indexes
    finally:
        conn.close()
    # Opening again: already current, no second backup.
    again = open_database(db_path)
    again.dispose()
    assert again.backups == []


def test_newer_schema_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    from tracker.cli.app import app

    db_path = tmp_path / "tracker.db"
    build_v01(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(NewerSchemaError, match="newer tracker"):
        open_database(db_path)
    result = CliRunner().invoke(app, ["--db", str(db_path), "mark", "lenet"])
    assert result.exit_code != 0
    assert "newer tracker" in result.stderr and "Traceback" not in result.stderr
    assert db_path.read_bytes() == before
    assert not backup_dir(db_path).exists()  # nothing to back up: nothing was touched


# -- backups before imports ----------------------------------------------------------------

CATALOG = """\
categories: [Image Classification]
papers:
{papers}
"""


def catalog_with(n: int) -> str:
    papers = "\n".join(
        f"  - id: paper-{i}\n    name: Paper {i}\n    category: Image Classification\n"
        f"    review_url: https://example.org/review/{i}"
        for i in range(n)
    )
    return CATALOG.format(papers=papers)


def test_imports_that_change_the_catalog_keep_rotated_backups(tmp_path: Path) -> None:
    from tracker.cli.app import app

    db_path = tmp_path / "tracker.db"
    runner = CliRunner()
    source = tmp_path / "catalog.yaml"
    reported: list[Path] = []
    for n in range(1, KEEP + 3):  # each import adds one paper: a change every time
        source.write_text(catalog_with(n), encoding="utf-8")
        result = runner.invoke(app, ["--db", str(db_path), "import", str(source)])
        assert result.exit_code == 0, result.stderr
        printed = result.stdout.replace("\n", "")  # Rich may wrap the long path
        found = re.search(r"backup of the previous database: (\S+)", printed)
        assert found, result.stdout
        reported.append(Path(found.group(1)))
        assert reported[-1].parent == backup_dir(db_path)
        assert reported[-1].exists()
    copies = sorted(backup_dir(db_path).glob("tracker-*.db"))
    assert len(copies) == KEEP  # rotated: the oldest went away
    assert copies == sorted(reported[-KEEP:])
    # The newest copy is the database just before the last import: one paper fewer.
    conn = sqlite3.connect(copies[-1])
    try:
        count = conn.execute("SELECT count(*) FROM paper WHERE id LIKE 'paper-%'").fetchone()[0]
    finally:
        conn.close()
    assert count == KEEP + 1

    # Unchanged re-import and dry runs change nothing, so they keep no copy.
    for args in (["import", str(source)], ["import", str(source), "--dry-run"]):
        result = runner.invoke(app, ["--db", str(db_path), *args])
        assert result.exit_code == 0, result.stderr
        assert "backup of the previous database" not in result.stdout
    assert sorted(backup_dir(db_path).glob("tracker-*.db")) == copies
