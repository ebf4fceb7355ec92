"""The console script: bare `tracker` goes straight to the TUI, everything else to Typer."""

from __future__ import annotations

from pathlib import Path

import pytest

import tracker.cli as entry


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (None,)),
        (["--db", "x.db"], ("x.db",)),
        (["--db=x.db"], ("x.db",)),
        (["--db", "x.db", "list"], None),
        (["--db", "--help"], None),
        (["list"], None),
        (["--help"], None),
        (["--db="], None),
    ],
)
def test_bare_tui_detection(argv: list[str], expected: tuple[str | None] | None) -> None:
    assert entry._bare_tui(argv) == expected


def test_bare_tracker_opens_the_tui_on_the_seeded_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []

    def fake_run_tui(db: object) -> None:
        from tracker.store.papers import count_papers

        with db.read() as conn:  # type: ignore[attr-defined]
            seen.append(count_papers(conn))

    monkeypatch.setattr("tracker.tui.app.run_tui", fake_run_tui)
    monkeypatch.setattr("sys.argv", ["tracker", "--db", str(tmp_path / "t.db")])
    entry.main()
    assert seen == [45]


def test_bare_tracker_on_a_bad_database_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("not a database at all\n")
    monkeypatch.setattr("sys.argv", ["tracker", "--db", str(bad)])
    with pytest.raises(SystemExit) as exit_info:
        entry.main()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a SQLite database" in err
