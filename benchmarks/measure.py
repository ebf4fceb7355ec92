"""Run one command as a child process and measure its wall time and peak memory.

Peak memory is the child's own maximum resident set size, read from `os.wait4` (what
`/usr/bin/time` reports), so the benchmark process itself never pollutes the figure.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Run:
    wall_s: float
    peak_mb: float
    code: int
    stderr: str
    stdout: str = ""


@dataclass(slots=True)
class Sample:
    """Several runs of one command: the median wall time and the largest peak memory."""

    runs: list[Run] = field(default_factory=list)

    @property
    def wall_s(self) -> float:
        return statistics.median(r.wall_s for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)

    @property
    def error(self) -> str | None:
        for r in self.runs:
            if r.code != 0:
                tail = r.stderr.strip().splitlines()[-1:] or [f"exit code {r.code}"]
                return f"exit {r.code}: {tail[0][:200]}"
        return None


def run_child(
    argv: Sequence[str],
    *,
    env: dict[str, str],
    cwd: Path | None = None,
    stdout_to: Path | None = None,
    keep_stdout: bool = False,
) -> Run:
    """Run `argv` with stdout to a file (like `> FILE`; a pipe would add the reader's pace)."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as captured:
        out = stdout_to.open("wb") if stdout_to is not None else captured
        try:
            start = time.perf_counter()
            proc = subprocess.Popen(
                list(argv), stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, cwd=cwd
            )
            # wait4 reaps this child and returns its own rusage (ru_maxrss is in KiB on Linux).
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdout_to is not None:
                out.close()
        err.seek(0)
        stderr = err.read()[-4000:].decode("utf-8", "replace")
        stdout = ""
        if keep_stdout and stdout_to is None:
            captured.seek(0)
            stdout = captured.read()[-20000:].decode("utf-8", "replace")
    return Run(wall, usage.ru_maxrss / 1024, proc.returncode, stderr, stdout)


def sample(
    argv: Sequence[str],
    *,
    env: dict[str, str],
    repeat: int = 1,
    stdout_to: Path | None = None,
    before_each: object = None,
) -> Sample:
    """`repeat` runs of `argv`; `before_each()` (if given) resets state between runs."""
    result = Sample()
    for _ in range(repeat):
        if callable(before_each):
            before_each()
        result.runs.append(run_child(argv, env=env, stdout_to=stdout_to))
    return result
