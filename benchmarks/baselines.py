"""Same-run baselines, each run as its own process like the command it is compared with:

    python -m benchmarks.baselines import LIST.md DB   # regex parse + sqlite3 executemany
    python -m benchmarks.baselines textual             # a minimal Textual app's first frame

The import baseline is the floor the issue sets for `tracker import LIST.md`: the same rows
(id, name, category, position, review URL) parsed with two regexes and inserted with one
`executemany` into a table with the same columns, keys and indexes as tracker's `paper`
table, in one WAL transaction. It does no validation, no lookup keys and no diffing.
"""

from __future__ import annotations

import re
import sqlite3
import sys
import time
from pathlib import Path

HEADING = re.compile(r"^#{2,6}\s+(.+?)\s*#*\s*$")
ITEM = re.compile(r"^\s*[-*+]\s+\[([^\]]+)\]\((\S+?)\)")
SLUG = re.compile(r"[^0-9a-z]+")

# The columns, keys and indexes of tracker's paper table (migration 0001).
SCHEMA = """
CREATE TABLE category (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
CREATE TABLE paper (
    id TEXT PRIMARY KEY, name TEXT NOT NULL,
    category TEXT NOT NULL REFERENCES category (name) ON UPDATE CASCADE,
    position INTEGER NOT NULL, review_url TEXT NOT NULL UNIQUE,
    aliases TEXT NOT NULL DEFAULT '[]', title TEXT, first_author TEXT, year INTEGER,
    venue TEXT, arxiv TEXT, paper_url TEXT, listed_under TEXT,
    status TEXT NOT NULL DEFAULT 'unread', rating INTEGER, notes TEXT NOT NULL DEFAULT '',
    started_at TEXT, finished_at TEXT, updated_at TEXT
);
CREATE INDEX ix_paper_category_position ON paper (category, position);
CREATE INDEX ix_paper_status ON paper (status);
"""


def parse_list(text: str) -> tuple[list[str], list[tuple[str, str, str, int, str]]]:
    categories: list[str] = []
    rows: list[tuple[str, str, str, int, str]] = []
    category = "Uncategorised"
    for line in text.splitlines():
        heading = HEADING.match(line)
        if heading:
            category = heading.group(1)
            categories.append(category)
            continue
        item = ITEM.match(line)
        if item:
            name, url = item.groups()
            slug = SLUG.sub("-", name.lower()).strip("-")
            rows.append((f"{slug}-{len(rows)}", name, category, len(rows), url))
    return categories, rows


def import_list(source: Path, db: Path) -> int:
    categories, rows = parse_list(source.read_text(encoding="utf-8"))
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.executescript(SCHEMA)
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO category (name, position) VALUES (?, ?)",
            [(c, i) for i, c in enumerate(dict.fromkeys(categories))],
        )
        conn.executemany(
            "INSERT INTO paper (id, name, category, position, review_url) VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
    return len(rows)


def textual_first_frame() -> float:
    """Run a one-widget Textual app headless; exit right after its first refresh."""
    start = time.perf_counter()
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    shown: list[float] = []

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("first frame")

        def on_mount(self) -> None:
            self.call_after_refresh(self._done)

        def _done(self) -> None:
            shown.append(time.perf_counter() - start)
            self.exit()

    Minimal().run(headless=True, size=(120, 40))
    return shown[0] if shown else float("nan")


def main(argv: list[str]) -> int:
    if argv[:1] == ["import"] and len(argv) == 3:
        count = import_list(Path(argv[1]), Path(argv[2]))
        print(f"{count} rows")
        return 0
    if argv == ["textual"]:
        print(f'{{"first_frame_s": {textual_first_frame():.4f}}}')
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
