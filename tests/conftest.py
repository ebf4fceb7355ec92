"""Shared fixtures. Every test runs with its database, data and config directories in a temp
dir, so nothing ever touches the user's real files."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker.store.database import Database


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("TRACKER_DB", str(home / "default.db"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tracker.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A seeded database (the packaged 45-paper catalog)."""
    from tracker.services.store_access import open_store

    database = open_store(db_path)
    yield database
    database.dispose()


class Cli:
    """Runs the Typer app in-process against one database file."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        from tracker.cli.app import app

        result = self.runner.invoke(app, ["--db", str(self.db_path), *args], input=input)
        return Result(result.exit_code, result.stdout, result.stderr, result.exception)

    def json(self, *args: str) -> object:
        result = self(*args)
        assert result.code == 0, result.err
        return json.loads(result.out)


class Result:
    def __init__(self, code: int, out: str, err: str, exc: BaseException | None) -> None:
        self.code = code
        self.out = out
        self.err = err
        self.exception = exc
        if exc is not None and not isinstance(exc, SystemExit):
            raise exc


@pytest.fixture
def cli(db_path: Path) -> Cli:
    return Cli(db_path)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


def snapshot_db(path: Path) -> str:
    """Everything in the database, as text: used to prove a failed command wrote nothing."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()
