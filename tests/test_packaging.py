"""A non-editable install must carry the catalog and the migrations."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_catalog_and_migrations(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("tracker-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tracker/data/papers.yaml" in names
    assert "tracker/store/migrations/env.py" in names
    assert "tracker/store/migrations/script.py.mako" in names
    assert any(n.startswith("tracker/store/migrations/versions/0001") for n in names)
    packaged = zipfile.ZipFile(wheel).read("tracker/data/papers.yaml")
    assert packaged == (ROOT / "seed" / "papers.yaml").read_bytes()
