"""How fast the TUI opens and answers keys, headless, next to a minimal Textual app.

    python -m benchmarks.tui [--runs 3] [--sizes 10000,100000] [--keys 30]

First frame: a fresh process runs `tracker --db DB` exactly as a user would (Typer entry point,
store opened and checked, TUI imported lazily) but headless, and reports when the first frame
with papers has been rendered, measured from just before the process was spawned. The baseline
is the floor this stack sets: a process that imports sqlmodel and shows one line in a Textual
app. Both are timed in the same run, so machine load affects them alike.

Key latency: in-process and headless, a key event is posted and timed until its effect is on
screen (`call_after_refresh` after the change is visible in the widget), e.g. the cursor moved
or the row shows the new status (which includes the database write in the worker).

Databases are synthetic (N papers over 20 categories) and built with the store's bulk insert
functions in a temporary directory; the seeded one is the packaged 45-paper catalog.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CATEGORIES = 20
TARGETS = {"seeded_ratio": 1.5, "10k_first": 1.5, "100k_first": 2.0, "key": 0.050}


# Databases ----------------------------------------------------------------------------------


def build_synthetic(path: Path, n: int) -> None:
    from tracker import clock
    from tracker.store.catalog_sync import ensure_categories, insert_papers
    from tracker.store.database import open_database, write_meta

    names = [f"Category {i:02d}" for i in range(CATEGORIES)]
    per = -(-n // CATEGORIES)
    rows = [
        {
            "id": f"paper-{i:06d}",
            "name": f"Net-{i:06d}",
            "category": names[min(i // per, CATEGORIES - 1)],
            "position": i,
            "review_url": f"https://reviews.example.org/{i:06d}",
            "aliases": (f"N{i}",) if i % 3 == 0 else (),
            "title": f"Deep network number {i} for things" if i % 2 == 0 else None,
            "first_author": "A. Author" if i % 2 == 0 else None,
            "year": 1990 + i % 36,
            "venue": "CVPR" if i % 2 == 0 else None,
            "arxiv": None,
            "paper_url": None,
            "listed_under": None,
        }
        for i in range(n)
    ]
    db = open_database(path)
    with db.write() as conn:
        ensure_categories(conn, names)
        insert_papers(conn, rows)
        # Mark as seeded so opening it never adds the packaged catalog on top.
        write_meta(conn, "seeded_at", clock.iso(clock.now()))
    db.dispose()


def build_seeded(path: Path) -> None:
    from tracker.services.store_access import open_store

    open_store(path).dispose()


# First frame (child processes) ------------------------------------------------------------


def child_tracker(db_path: str, t0: float) -> None:
    """`tracker --db DB`, headless, exiting at the first frame that shows papers."""
    import tracker.tui.app as tui_app

    def bench_run_tui(db: Any) -> None:
        # As run_tui does: start reading the first screenful, then import Textual and the app.
        from tracker.tui.startup import preload

        preloaded = preload(db)
        from tracker.tui.tracker_app import TrackerApp
        from tracker.tui.widgets.paper_table import PaperTable

        class BenchApp(TrackerApp):
            def on_mount(self) -> None:
                # Textual also runs TrackerApp.on_mount (handlers run along the MRO). A 1 ms
                # poll: messages do not bubble from a screen to the app to hook instead.
                self._poll = self.set_interval(0.001, self._check)

            def _check(self) -> None:
                tables = self.screen.query(PaperTable)
                if tables and tables.first().cursor_paper is not None:
                    self._poll.stop()
                    self.call_after_refresh(self._done)

            def _done(self) -> None:
                print(f"FIRST_FRAME {time.monotonic() - t0:.4f}", flush=True)
                self.exit()

        BenchApp(db, remember_theme=False, preloaded=preloaded).run(headless=True, size=(100, 30))

    tui_app.run_tui = bench_run_tui
    sys.argv = ["tracker", "--db", db_path]
    from tracker.cli import main

    main()


def child_baseline(t0: float) -> None:
    import sqlmodel  # noqa: F401  (the floor: our store needs it)
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Baseline(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("hello")

        def on_mount(self) -> None:
            self.call_after_refresh(self._done)

        def _done(self) -> None:
            print(f"FIRST_FRAME {time.monotonic() - t0:.4f}", flush=True)
            self.exit()

    Baseline().run(headless=True, size=(100, 30))


def first_frame(args: list[str], home: Path) -> tuple[float, float]:
    """(wall seconds to the first frame with papers, CPU seconds the process used in all)."""
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config")}
    env.pop("TRACKER_DB", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()  # CLOCK_MONOTONIC is system-wide: the child can subtract it
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.tui", "--child", *args, f"{t0!r}"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    ).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    for line in out.splitlines():
        if line.startswith("FIRST_FRAME"):
            return float(line.split()[1]), cpu
    raise RuntimeError(f"no first frame reported:\n{out}")


# Key latency (in process) -------------------------------------------------------------------


async def key_latencies(db_path: Path, presses: int) -> dict[str, list[float]]:
    from textual import events

    from tracker.domain import Status
    from tracker.store.database import open_database
    from tracker.tui.app import TrackerApp
    from tracker.tui.screens.main import MainScreen
    from tracker.tui.widgets.paper_table import PaperTable

    db = open_database(db_path)
    app = TrackerApp(db, poll_interval=0.5, remember_theme=False)
    results: dict[str, list[float]] = {}
    async with app.run_test(size=(120, 36)) as pilot:
        await _until(lambda: isinstance(app.screen, MainScreen) and app.screen.table.loaded)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        table = screen.query_one(PaperTable)

        async def timed(key: str, done: Callable[[], bool]) -> float:
            refreshed = asyncio.Event()
            start = time.perf_counter()
            app.post_message(events.Key(key, key if len(key) == 1 else None))
            await _until(done)
            app.call_after_refresh(refreshed.set)
            await refreshed.wait()
            return time.perf_counter() - start

        def record(name: str, value: float) -> None:
            results.setdefault(name, []).append(value)

        step = 1
        for _ in range(presses):
            index = table.cursor
            if not 0 <= index + step < table.row_count:
                step = -step  # bounce at either end of a small pane
            key = "j" if step > 0 else "k"
            target = index + step
            record("j/k (move)", await timed(key, lambda t=target: table.cursor == t))
            await asyncio.sleep(0.01)
        for _ in range(max(3, presses // 3)):
            pid = table.cursor_id
            target = (
                Status.REVIEWED
                if table.cursor_paper.status is not Status.REVIEWED
                else Status.UNREAD
            )
            key = "d" if target is Status.REVIEWED else "u"
            record(
                "d/u (mark, written)",
                await timed(key, lambda p=pid, t=target: _status(table, p) is t),
            )
            await asyncio.sleep(0.05)
        for _ in range(max(3, presses // 3)):
            shown = screen.view
            record(
                "tab (new pane)",
                await timed("tab", lambda v=shown: screen.view != v and table.loaded),
            )
            await asyncio.sleep(0.05)
        for _ in range(max(3, presses // 3)):
            before = table.cursor
            record(
                "pagedown (scroll)",
                await timed(
                    "pagedown",
                    lambda b=before: (
                        (table.cursor != b or table.cursor == table.row_count - 1)
                        and table.cursor_paper is not None
                    ),
                ),
            )
        await pilot.pause()
    db.dispose()
    return results


def _status(table: Any, paper_id: str | None) -> Any:
    paper = table.cursor_paper
    return paper.status if paper is not None and paper.id == paper_id else None


async def _until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("condition not met")
        # A short sleep, not sleep(0): spinning would hold the GIL against the very worker
        # threads whose results we are waiting for.
        await asyncio.sleep(0.0005)


# Report ---------------------------------------------------------------------------------------


def ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(values) * 1000:6.1f} / {p95 * 1000:6.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="first-frame runs per case")
    parser.add_argument("--sizes", default="10000,100000", help="synthetic catalog sizes")
    parser.add_argument("--keys", type=int, default=30, help="presses of j per case")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "baseline":
            child_baseline(float(rest[0]))
        else:
            child_tracker(rest[0], float(rest[1]))
        return

    sizes = [int(s) for s in args.sizes.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as tmp:
        root = Path(tmp)
        home = root / "home"
        home.mkdir()
        cases: list[tuple[str, Path]] = [("seeded 45", root / "seeded.db")]
        build_seeded(cases[0][1])
        for n in sizes:
            path = root / f"synthetic-{n}.db"
            started = time.perf_counter()
            build_synthetic(path, n)
            print(f"built {n:,} papers in {time.perf_counter() - started:.1f}s", file=sys.stderr)
            cases.append((f"{n:,} papers", path))

        frames: dict[str, list[tuple[float, float]]] = {"baseline": []}
        for _ in range(args.runs):  # interleaved, so load drifts hit every case alike
            frames["baseline"].append(first_frame(["baseline"], home))
            for name, path in cases:
                frames.setdefault(name, []).append(first_frame(["tracker", str(path)], home))
        keys = {name: asyncio.run(key_latencies(path, args.keys)) for name, path in cases}

    def wall(name: str) -> float:
        return statistics.median(w for w, _ in frames[name])

    def cpu(name: str) -> float:
        return statistics.median(c for _, c in frames[name])

    print()
    print("First frame with papers on screen (process start to first paint, headless 100×30);")
    print("CPU = user+sys seconds of the whole process, less sensitive to other load")
    header = f"{'case':<18}{'median':>9}{'min':>9}{'× base':>8}{'CPU':>9}{'× base':>8}"
    print(header)
    for name, values in frames.items():
        print(
            f"{name:<18}{wall(name):>8.3f}s{min(w for w, _ in values):>8.3f}s"
            f"{wall(name) / wall('baseline'):>7.2f}×{cpu(name):>8.3f}s"
            f"{cpu(name) / cpu('baseline'):>7.2f}×"
        )
    print()
    print("Key press to updated screen, ms (median / p95)")
    kinds = sorted({k for per in keys.values() for k in per}, key=list(keys[cases[0][0]]).index)
    print(f"{'case':<18}" + "".join(f"{k:>22}" for k in kinds))
    for name, per in keys.items():
        print(f"{name:<18}" + "".join(f"{ms(per[k]):>22}" for k in kinds))
    print()
    seeded = wall("seeded 45") / wall("baseline")
    print(f"targets: seeded ≤ {TARGETS['seeded_ratio']}× baseline (got {seeded:.2f}×); "
          f"10k first frame < {TARGETS['10k_first']}s; 100k < {TARGETS['100k_first']}s; "
          f"keys < {TARGETS['key'] * 1000:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
