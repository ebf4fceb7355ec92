"""Layering rules that keep the CLI fast and the core headless."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "tracker"


def loaded_modules(code: str, tmp_path: Path) -> set[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    env = {
        "TRACKER_DB": str(tmp_path / "probe.db"),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "NO_COLOR": "1",
    }
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def heavy(mods: set[str]) -> set[str]:
    return {
        m
        for m in mods
        if m.split(".")[0]
        in {"textual", "httpx", "sqlmodel", "sqlalchemy", "alembic", "aiohttp", "yaml"}
    }


def test_help_imports_nothing_heavy(tmp_path: Path) -> None:
    code = (
        "import sys\nsys.argv=['tracker','--help']\n"
        "from tracker.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert heavy(loaded_modules(code, tmp_path)) == set()


def test_cli_commands_never_import_textual_or_httpx(tmp_path: Path) -> None:
    code = (
        "import sys\nsys.argv=['tracker','mark','resnet']\n"
        "from tracker.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    mods = loaded_modules(code, tmp_path)
    assert not {m for m in mods if m.startswith(("textual", "httpx", "aiohttp"))}


@pytest.mark.parametrize("layer", ["store", "catalog", "services"])
def test_core_never_imports_textual(layer: str) -> None:
    for path in (SRC / layer).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith("textual"), f"{path} imports {name}"
                assert not name.startswith("tracker.tui"), f"{path} imports {name}"


def test_only_the_store_runs_sql() -> None:
    """SQL keywords in string literals outside store/ would mean a query escaped the data layer."""
    import re

    sql = re.compile(
        r"\b(SELECT .+ FROM|INSERT INTO|UPDATE \w+ SET|DELETE FROM|PRAGMA \w+\s*(=|\(|$))"
    )
    for path in SRC.rglob("*.py"):
        if "store" in path.relative_to(SRC).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not sql.search(node.value), f"SQL in {path}: {node.value[:60]!r}"
