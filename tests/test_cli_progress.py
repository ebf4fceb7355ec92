"""mark, rate, note, undo, list, show, stats through the real CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli, snapshot_db


def paper(cli: Cli, pid: str) -> dict[str, Any]:
    data = cli.json("show", pid, "--json")
    assert isinstance(data, dict)
    return data


def test_first_command_seeds_the_catalog(cli: Cli, db_path: Path) -> None:
    assert not db_path.exists()
    papers = cli.json("list", "--json")
    assert isinstance(papers, list) and len(papers) == 45
    first = papers[0]
    for key in ("id", "name", "category", "status", "rating", "notes", "review_url"):
        assert key in first
    assert first["status"] == "unread"


def test_mark_defaults_to_reviewed_and_resolves_names(cli: Cli) -> None:
    result = cli("mark", "resnext", "inception v3", "YOLO9000")
    assert result.code == 0, result.err
    assert {paper(cli, p)["status"] for p in ("resnext", "inception-v3", "yolov2")} == {"reviewed"}
    assert paper(cli, "resnext")["finished_at"] is not None


@pytest.mark.parametrize("query", ["ResNeXt", "resnext", "RESNEXT", "res-next", "resnex"])
def test_resolution_ignores_case_and_punctuation_and_takes_prefixes(cli: Cli, query: str) -> None:
    assert cli("mark", query, "--status", "reading").code == 0
    assert paper(cli, "resnext")["status"] == "reading"


def test_ambiguous_and_unknown_exit_2_and_write_nothing(cli: Cli, db_path: Path) -> None:
    cli("list")
    before = snapshot_db(db_path)
    result = cli("mark", "incep")
    assert result.code == 2
    assert "ambiguous" in result.err and "inception-v3" in result.err
    result = cli("mark", "resnet", "resnxt")
    assert result.code == 2
    assert "did you mean" in result.err and "resnext" in result.err
    assert snapshot_db(db_path) == before  # resnet was not marked either


def test_status_values_and_reading_timestamps(cli: Cli) -> None:
    cli("mark", "lenet", "-s", "reading")
    p = paper(cli, "lenet")
    assert p["status"] == "reading" and p["started_at"] and p["finished_at"] is None
    cli("mark", "lenet")
    p = paper(cli, "lenet")
    assert p["status"] == "reviewed" and p["started_at"] and p["finished_at"]
    assert cli("mark", "lenet", "-s", "done").code == 2


def test_rate_and_clear(cli: Cli, db_path: Path) -> None:
    assert cli("rate", "alexnet", "4").code == 0
    assert paper(cli, "alexnet")["rating"] == 4
    before = snapshot_db(db_path)
    bad = cli("rate", "alexnet", "9")
    assert bad.code == 2 and "rating must be 1–5" in bad.err
    assert snapshot_db(db_path) == before
    assert cli("rate", "alexnet", "0").code == 0
    assert paper(cli, "alexnet")["rating"] is None


def test_note_text_stdin_and_markup_is_data(cli: Cli) -> None:
    text = "Uses [bold]markup[/] and | pipes * stars ] brackets\nsecond line"
    assert cli("note", "vggnet", text).code == 0
    assert paper(cli, "vggnet")["notes"] == text
    shown = cli("show", "vggnet")
    assert "[bold]markup[/]" in shown.out
    assert cli("note", "vggnet", "-", input="from stdin\n").code == 0
    assert paper(cli, "vggnet")["notes"] == "from stdin\n"
    assert cli("note", "vggnet", "--append", "more").code == 0
    assert paper(cli, "vggnet")["notes"] == "from stdin\n\nmore"


def test_note_refuses_escape_sequences(cli: Cli) -> None:
    result = cli("note", "vggnet", "evil \x1b]52;c;aGk=\x07 clipboard")
    assert result.code == 2
    assert "\x1b" not in result.err
    assert paper(cli, "vggnet")["notes"] == ""


def test_note_opens_editor(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "editor.sh"
    script.write_text('#!/bin/sh\nprintf "written in the editor\\n" > "$1"\n')
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    assert cli("note", "zfnet").code == 0
    assert paper(cli, "zfnet")["notes"] == "written in the editor"


def test_undo_reverts_the_last_command_whole(cli: Cli) -> None:
    cli("rate", "resnet", "3")
    cli("mark", "resnet", "densenet")
    assert cli("undo").code == 0
    assert paper(cli, "resnet")["status"] == "unread"
    assert paper(cli, "densenet")["status"] == "unread"
    assert paper(cli, "resnet")["rating"] == 3
    assert cli("undo").code == 0
    assert paper(cli, "resnet")["rating"] is None
    assert cli("undo").code == 1


def test_history_is_appended(cli: Cli) -> None:
    cli("mark", "fcn", "-s", "reading")
    cli("mark", "fcn")
    history = paper(cli, "fcn")["history"]
    statuses = [(h["old"], h["new"]) for h in history if h["field"] == "status"]
    assert statuses == [("reading", "reviewed"), ("unread", "reading")]


def test_list_filters(cli: Cli) -> None:
    cli("mark", "fcn", "pspnet")
    reviewed = cli.json("list", "--status", "reviewed", "--json")
    assert [p["id"] for p in reviewed] == ["fcn", "pspnet"]  # type: ignore[index]
    od = cli.json("list", "--category", "object", "--json")
    assert len(od) == 9  # type: ignore[arg-type]
    assert cli("list", "--category", "nope").code == 2
    assert cli("list", "--sort", "bogus").code == 2
    human = cli("list", "--category", "Instance Segmentation")
    assert "DeepMask" in human.out


def test_stats_progress_excludes_skipped(cli: Cli) -> None:
    cli("mark", "deepmask")
    cli("mark", "sharpmask", "-s", "skipped")
    stats = cli.json("stats", "--json")
    inst = next(c for c in stats["categories"] if c["name"] == "Instance Segmentation")  # type: ignore[index]
    assert inst["reviewed"] == 1 and inst["skipped"] == 1 and inst["progress"] == 1.0
    assert stats["overall"]["reviewed"] == 1  # type: ignore[index]
    human = cli("stats")
    assert "Instance Segmentation" in human.out


def test_help_lists_rating_meanings(cli: Cli) -> None:
    out = cli("--help").out
    assert "5 = essential" in out and "1 = not worth it" in out
    assert "essential" in cli("rate", "--help").out


def test_db_option_and_env(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from tracker.cli.app import app

    env_db = tmp_path / "env.db"
    monkeypatch.setenv("TRACKER_DB", str(env_db))
    assert CliRunner().invoke(app, ["mark", "lenet"]).exit_code == 0
    assert env_db.exists()
    assert cli.json("show", "lenet", "--json")["status"] == "unread"  # type: ignore[index]


def test_database_that_is_not_a_database(cli: Cli, db_path: Path) -> None:
    db_path.write_bytes(b"this is my thesis, not a database\n" * 10)
    before = db_path.read_bytes()
    result = cli("list")
    assert result.code == 1
    assert "not a SQLite database" in result.err and "\n" not in result.err.strip()
    assert db_path.read_bytes() == before
