"""Concurrent writers (issue 5): the TUI runs headless and writes while several CLI processes
mark, rate and annotate other papers at the same time. Every write must be there afterwards,
no process may report "database is locked", and the TUI must show what the others wrote.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tracker.services.store_access import open_store
from tracker.store import history
from tracker.store.papers import get_paper, list_papers

pytest.importorskip("textual")
tui_app = pytest.importorskip("tracker.tui.app")

WORKERS = 4
ROUNDS = 2
TUI_PAPER = "lenet"  # the paper under the TUI's cursor at start; the CLI leaves it alone

# Each worker process runs real CLI commands back to back (in-process, so hundreds of them
# stay fast): per paper and round a status, a rating and a note, each one transaction.
WORKER = r"""
import sys
from typer.testing import CliRunner
from tracker.cli.app import app

db, worker, rounds, ids = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(",")
runner = CliRunner()
failed = 0
for r in range(rounds):
    for pid in ids:
        for args in (
            ["mark", pid, "--status", "reading" if r % 2 == 0 else "skipped"],
            ["rate", pid, str(r % 5 + 1)],
            ["note", pid, note(worker, pid, r)],
        ):
            result = runner.invoke(app, ["--db", db, *args])
            if result.exit_code != 0:
                failed += 1
                print(f"{args}: exit {result.exit_code}: {result.stderr}", file=sys.stderr)
for pid in ids:
    result = runner.invoke(app, ["--db", db, "mark", pid])
    if result.exit_code != 0:
        failed += 1
        print(f"final mark {pid}: exit {result.exit_code}: {result.stderr}", file=sys.stderr)
sys.exit(1 if failed else 0)
"""


def note(worker: int, pid: str, round_: int) -> str:
    return f"worker {worker} round {round_} on {pid}: *md* | [bold]x[/]"


NOTE_SOURCE = (
    "def note(worker, pid, round_):\n"
    "    return f'worker {worker} round {round_} on {pid}: *md* | [bold]x[/]'\n"
)


async def _wait_until(pilot: Any, condition: Any, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        await pilot.pause(0.1)
    return bool(condition())


async def test_tui_and_cli_processes_write_at_once(tmp_path: Path) -> None:
    db_path = tmp_path / "tracker.db"
    db = open_store(db_path)
    with db.read() as conn:
        ids = [p.id for p in list_papers(conn) if p.id != TUI_PAPER]
    shares = [ids[i::WORKERS] for i in range(WORKERS)]
    app = tui_app.TrackerApp(db, poll_interval=0.1, cursor_blink=False, remember_theme=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert await _wait_until(pilot, lambda: getattr(screen, "overview", None) is not None)
        table = screen.query_one("PaperTable")
        assert table.cursor_id == TUI_PAPER
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    NOTE_SOURCE + WORKER,
                    str(db_path),
                    str(w),
                    str(ROUNDS),
                    ",".join(share),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for w, share in enumerate(shares)
        ]
        # The TUI keeps writing its own paper while the CLI processes run.
        presses = 0
        while any(p.poll() is None for p in procs) and presses < 200:
            await pilot.press(str(presses % 5 + 1))
            presses += 1
            await pilot.pause(0.05)
        errors = [await asyncio.to_thread(p.communicate, timeout=120) for p in procs]
        await pilot.press("4", "d")
        for proc, (_, stderr) in zip(procs, errors, strict=True):
            assert "locked" not in stderr.lower(), stderr
            assert proc.returncode == 0, stderr

        # The TUI shows what the other processes wrote: counts and a paper's row.
        def all_reviewed() -> bool:
            overview = screen.overview
            return overview is not None and overview.overall.reviewed == len(ids) + 1

        assert await _wait_until(pilot, all_reviewed), "the TUI never showed the CLI's writes"
        await pilot.press("j")  # onto a paper the CLI wrote
        other = table.cursor_id
        assert other is not None and other != TUI_PAPER
        owner = next(w for w, share in enumerate(shares) if other in share)
        expected_note = note(owner, other, ROUNDS - 1)
        assert await _wait_until(
            pilot,
            lambda: table.cursor_paper is not None and table.cursor_paper.notes == expected_note,
        ), "the TUI row never showed the CLI's note"
        assert await _wait_until(
            pilot, lambda: get_paper_now(db, TUI_PAPER).status.value == "reviewed"
        )

    with db.read() as conn:
        for w, share in enumerate(shares):
            for pid in share:
                paper = get_paper(conn, pid)
                assert paper is not None
                assert paper.status.value == "reviewed"
                assert paper.rating == (ROUNDS - 1) % 5 + 1
                assert paper.notes == note(w, pid, ROUNDS - 1)
                # Every single write left its history row: nothing was lost to a race.
                changes = [e for e in history.for_paper(conn, pid, limit=1000) if e.source == "cli"]
                assert len([e for e in changes if e.field in {"status", "rating", "notes"}]) == (
                    3 * ROUNDS + 1
                )
        mine = get_paper(conn, TUI_PAPER)
        assert mine is not None and mine.rating == 4 and mine.status.value == "reviewed"
    db.dispose()


def get_paper_now(db: Any, pid: str) -> Any:
    with db.read() as conn:
        return get_paper(conn, pid)
