"""Proof at scale (issue 5): wall time and peak memory of tracker's commands on synthetic
catalogs of 1,000 / 10,000 / 100,000 papers, each beside a baseline measured in the same run.

    python -m benchmarks                     # all sizes: about 2 minutes on 2 cores
    python -m benchmarks --sizes 1000,10000  # quicker
    make bench                               # the same as the first line

Prints a table and writes `benchmarks/results/latest.json` (git-ignored). Everything happens
in a temporary directory with its own HOME, data and config directories: the user's database
is never read. The ratio is what counts, not the absolute figure: a slow or busy machine slows
both sides, and commands with a ratio target run interleaved with their baseline.

What is measured (each command is a fresh process, as a user runs it):
  * `tracker --help` against `python -c "import typer"` (target ≤ 2×);
  * `tracker mark PAPER` (by name) against `python -c "import typer, sqlmodel"` (≤ 1.5×);
  * `tracker import` of an awesome-list Markdown file into an empty database, and again
    unchanged, against a plain regex parse + `sqlite3.executemany` of the same rows into a
    table shaped like tracker's (`benchmarks/baselines.py`); the 3× target is judged at
    100,000, re-import must be no slower than the first import;
  * the same for the catalog YAML (measured; PyYAML is the floor, so no ratio target);
  * `export md` (< 3 s), `export json`, `list --json` on the imported database;
  * peak memory (< 300 MB) of every command: the child's ru_maxrss from `os.wait4`. A child
    starts from its parent's peak, so this process stays at ~15 MB (catalogs are written line
    by line) and ~15 MB is the smallest figure the table can show;
  * the TUI's first frame and key latency, from the TUI's own `python -m benchmarks.tui`,
    beside a minimal Textual app measured here.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks import synth
from benchmarks.measure import Sample, run_child, sample

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "latest.json"
DEFAULT_SIZES = (1_000, 10_000, 100_000)
MEMORY_LIMIT_MB = 300.0
PY = sys.executable
TRACKER = (PY, "-c", "from tracker.cli import main; main()")


@dataclass(slots=True)
class Row:
    """One line of the table (and one object in the JSON)."""

    what: str
    size: int | None
    wall_s: float | None
    peak_mb: float | None
    baseline: str | None = None
    baseline_s: float | None = None
    ratio: float | None = None
    target: str = ""
    ok: bool | None = None
    runs: int = 0
    error: str | None = None
    note: str = ""


@dataclass(slots=True)
class Target:
    """`max_ratio` against the baseline and/or an absolute `max_s`; memory always counts."""

    max_ratio: float | None = None
    max_s: float | None = None
    max_mb: float | None = MEMORY_LIMIT_MB

    def describe(self) -> str:
        parts = []
        if self.max_ratio is not None:
            parts.append(f"≤{self.max_ratio:g}×")
        if self.max_s is not None:
            parts.append(f"<{self.max_s:g} s")
        if self.max_mb is not None:
            parts.append(f"<{self.max_mb:g} MB")
        return ", ".join(parts)


class Bench:
    def __init__(self, work: Path, repeat: int) -> None:
        self.work = work
        self.repeat = repeat
        self.rows: list[Row] = []
        self.tui_output = ""
        home = work / "home"
        home.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "TRACKER_DB": str(work / "unused.db"),
            "NO_COLOR": "1",
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(ROOT), str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p
            ),
        }
        self.env.pop("TRACKER_CONFIG", None)

    # -- measuring -------------------------------------------------------------------------

    def measure(
        self,
        argv: Sequence[str],
        *,
        repeat: int = 1,
        stdout_to: Path | None = None,
        before_each: Callable[[], None] | None = None,
    ) -> Sample:
        return sample(
            argv, env=self.env, repeat=repeat, stdout_to=stdout_to, before_each=before_each
        )

    def add(
        self,
        what: str,
        size: int | None,
        result: Sample,
        *,
        baseline: tuple[str, Sample] | None = None,
        target: Target | None = None,
        note: str = "",
    ) -> Row:
        row = Row(
            what,
            size,
            result.wall_s,
            result.peak_mb,
            runs=len(result.runs),
            error=result.error,
            note=note,
        )
        if baseline is not None:
            row.baseline, base = baseline
            row.baseline_s = base.wall_s
            row.ratio = result.wall_s / base.wall_s if base.wall_s > 0 else None
        if target is not None:
            row.target = target.describe()
            row.ok = row.error is None and _meets(row, target)
        self.rows.append(row)
        _print_row(row)
        return row

    # -- the scenario ----------------------------------------------------------------------

    def startup(self) -> dict[str, Sample]:
        """Interpreter and import floors, and `tracker --help` (size-independent)."""
        quick = self.repeat
        self.measure([*TRACKER, "--help"])  # warm the bytecode caches once
        floors = {
            "python -c pass": self.measure([PY, "-c", "pass"], repeat=quick),
            "import typer": self.measure([PY, "-c", "import typer"], repeat=quick),
            "import typer, sqlmodel": self.measure(
                [PY, "-c", "import typer, sqlmodel"], repeat=quick
            ),
        }
        for name, result in floors.items():
            self.add(f"baseline: {name}", None, result)
        help_, typer_floor = self.paired([*TRACKER, "--help"], [PY, "-c", "import typer"])
        self.add(
            "tracker --help",
            None,
            help_,
            baseline=("import typer (paired)", typer_floor),
            target=Target(max_ratio=2.0),
        )
        return floors

    def paired(self, argv: Sequence[str], floor: Sequence[str]) -> tuple[Sample, Sample]:
        """Alternate the command and its floor, so load from other processes on the machine
        (we share 2 cores) hits both sides alike; the medians are compared."""
        ours, base = Sample(), Sample()
        for _ in range(self.repeat):
            base.runs.append(run_child(floor, env=self.env))
            ours.runs.append(run_child(argv, env=self.env))
        return ours, base

    def size(self, n: int, floors: dict[str, Sample]) -> None:
        folder = self.work / f"n{n}"
        yaml_path, md_path = synth.write_catalogs(folder, n)
        heavy = 3 if n <= 10_000 else 1
        stack = ("import typer, sqlmodel", floors["import typer, sqlmodel"])

        base_db = folder / "baseline.db"
        baseline = self.measure(
            [PY, "-m", "benchmarks.baselines", "import", str(md_path), str(base_db)],
            repeat=heavy,
            before_each=lambda: _remove_db(base_db),
        )
        self.add("baseline: regex + sqlite3 executemany", n, baseline)
        base = ("regex+executemany", baseline)

        # Markdown list: the issue's import target.
        md_db = folder / "md" / "tracker.db"
        md_first = self.measure(
            [*TRACKER, "--db", str(md_db), "import", str(md_path)],
            repeat=heavy,
            before_each=lambda: _remove_db(md_db),
        )
        # The issue sets the 3x target at 100,000; below that the fixed ~0.5 s start-up of
        # the stack dominates, so smaller sizes show the ratio without judging it.
        md_target = Target(max_ratio=3.0) if n >= 100_000 else Target()
        self.add("import Markdown list (empty db)", n, md_first, baseline=base, target=md_target)
        md_again = self.measure(
            [*TRACKER, "--db", str(md_db), "import", str(md_path)], repeat=heavy
        )
        self.add(
            "re-import Markdown list (unchanged)",
            n,
            md_again,
            baseline=("first import", md_first),
            target=Target(max_ratio=1.0),
        )

        # Catalog YAML: no ratio target (PyYAML is the floor), measured and compared anyway.
        y_db = folder / "yaml" / "tracker.db"
        y_first = self.measure(
            [*TRACKER, "--db", str(y_db), "import", str(yaml_path)],
            repeat=heavy,
            before_each=lambda: _remove_db(y_db),
        )
        mib = f"{yaml_path.stat().st_size / 2**20:.1f} MiB of YAML"
        self.add(
            "import catalog YAML (empty db)", n, y_first, baseline=base, target=Target(), note=mib
        )
        y_again = self.measure(
            [*TRACKER, "--db", str(y_db), "import", str(yaml_path)], repeat=heavy
        )
        self.add(
            "re-import catalog YAML (unchanged)",
            n,
            y_again,
            baseline=("first import", y_first),
            target=Target(max_ratio=1.0),
        )

        # Commands on the YAML-imported database (n + the 45 seeded papers).
        db = ["--db", str(y_db)]
        middle = synth.nth_paper(n, n // 2)
        mark, floor = Sample(), Sample()
        for i in range(self.repeat):  # alternate statuses so every run really writes
            status = ("reading", "reviewed")[i % 2]
            floor.runs.append(run_child([PY, "-c", "import typer, sqlmodel"], env=self.env))
            mark.runs.append(
                run_child(
                    [*TRACKER, *db, "mark", middle.name.lower(), "--status", status],
                    env=self.env,
                )
            )
        self.add(
            "mark one paper (by name)",
            n,
            mark,
            baseline=("typer, sqlmodel (paired)", floor),
            target=Target(max_ratio=1.5),
        )
        out = folder / "out"
        self.add(
            "export md",
            n,
            self.measure([*TRACKER, *db, "export", "md"], repeat=heavy, stdout_to=out),
            baseline=stack,
            target=Target(max_s=3.0),
        )
        self.add(
            "export json",
            n,
            self.measure([*TRACKER, *db, "export", "json"], repeat=heavy, stdout_to=out),
            baseline=stack,
            target=Target(),
        )
        self.add(
            "list --json",
            n,
            self.measure([*TRACKER, *db, "list", "--json"], repeat=heavy, stdout_to=out),
            baseline=stack,
            target=Target(),
        )

    def tui(self, sizes: Sequence[int]) -> None:
        """TUI first frame and per-key latency from the TUI's own benchmark
        (`python -m benchmarks.tui`), beside a minimal Textual app measured here.

        Its first-frame table is read into rows (case, median, ratio to its own baseline);
        its whole output is printed after ours and kept in the JSON.
        """
        floor_run = run_child(
            [PY, "-m", "benchmarks.baselines", "textual"], env=self.env, keep_stdout=True
        )
        floor_s = _json_tail(floor_run.stdout).get("first_frame_s")
        self.add(
            "baseline: minimal Textual app",
            None,
            Sample([floor_run]),
            note=f"first frame {floor_s} s after start",
        )
        script = ROOT / "benchmarks" / "tui.py"
        if not script.exists():
            print("(benchmarks/tui.py not found: TUI figures skipped)")
            return
        argv = [PY, "-m", "benchmarks.tui"]
        if re.search(r"add_argument\(\s*[\"']--sizes", script.read_text(encoding="utf-8")):
            argv += ["--sizes", ",".join(str(n) for n in sizes)]
        run = run_child(argv, env=self.env, keep_stdout=True)
        self.tui_output = run.stdout
        if run.code != 0:
            self.tui_output += "\n[stderr]\n" + run.stderr[-2000:]
        self.add("TUI benchmark (whole run)", None, Sample([run]), note="its output follows")
        for case, median, ratio in _first_frames(run.stdout):
            row = Row(
                f"TUI first frame: {case}",
                None,
                median,
                None,
                "sqlmodel + Textual line",
                median / ratio if ratio else None,
                ratio,
            )
            self.rows.append(row)
            _print_row(row)


_FRAME_LINE = re.compile(
    r"^(?P<case>\S.*?)\s+(?P<median>[\d.]+)s\s+[\d.]+s\s+(?P<ratio>[\d.]+)×\s*$"
)


def _first_frames(text: str) -> list[tuple[str, float, float]]:
    """(case, median s, × baseline) rows of benchmarks/tui.py's first-frame table."""
    out = []
    for line in text.splitlines():
        found = _FRAME_LINE.match(line)
        if found and found["case"] != "baseline":
            out.append((found["case"], float(found["median"]), float(found["ratio"])))
    return out


def _meets(row: Row, target: Target) -> bool:
    if target.max_ratio is not None and (row.ratio is None or row.ratio > target.max_ratio):
        return False
    if target.max_s is not None and (row.wall_s is None or row.wall_s >= target.max_s):
        return False
    return not (target.max_mb is not None and (row.peak_mb or 0) >= target.max_mb)


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(path.parent / "backups", ignore_errors=True)


def _json_tail(text: str) -> dict[str, object]:
    for line in reversed(text.strip().splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# -- output --------------------------------------------------------------------------------

HEADER = (
    f"{'measurement':<42} {'N':>7} {'wall s':>8} {'peak MB':>8} "
    f"{'baseline':<24} {'base s':>7} {'ratio':>6}  {'target':<22} ok"
)


def _fmt(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def _print_row(row: Row) -> None:
    ok = {True: "ok", False: "MISS", None: ""}[row.ok]
    line = (
        f"{row.what:<42} {row.size or '':>7} {_fmt(row.wall_s, '.3f'):>8} "
        f"{_fmt(row.peak_mb, '.0f'):>8} {row.baseline or '':<24} "
        f"{_fmt(row.baseline_s, '.3f'):>7} {_fmt(row.ratio, '.2f'):>6}  {row.target:<22} {ok}"
    )
    if row.error:
        line += f"  ERROR {row.error}"
    if row.note:
        line += f"  ({row.note})"
    print(line, flush=True)


def run(sizes: Sequence[int], *, repeat: int = 5, keep: Path | None = None) -> list[Row]:
    started = time.time()
    work = Path(tempfile.mkdtemp(prefix="tracker-bench-")) if keep is None else keep
    try:
        bench = Bench(work, repeat)
        print(HEADER)
        print("-" * len(HEADER))
        floors = bench.startup()
        for n in sizes:
            bench.size(n, floors)
        bench.tui(sizes)
        if bench.tui_output:
            print("\n-- python -m benchmarks.tui " + "-" * 40)
            print(bench.tui_output.rstrip())
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    missed = [r for r in bench.rows if r.ok is False]
    print(f"\n{len(missed)} target(s) missed; {time.time() - started:.0f} s in all")
    _write_json(bench.rows, sizes, started, bench.tui_output)
    return bench.rows


def _write_json(rows: list[Row], sizes: Sequence[int], started: float, tui: str) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "duration_s": round(time.time() - started, 1),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "sizes": list(sizes),
        "memory_limit_mb": MEMORY_LIMIT_MB,
        "results": [asdict(r) for r in rows],
        "tui_benchmark_output": tui,
    }
    RESULTS.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
