"""Set-based writes for catalog imports: one executemany per table, never an ORM object per row.

Performance notes (100,000 papers, see `python -m benchmarks`): per-row Python work dominates
here, not SQLite, so rows are built as plain tuples/dicts once, lookup keys of brand-new papers
are inserted without a pointless DELETE, and deletes of stale keys take one statement (the
key table has no index on paper_id, so every `IN (...)` chunk would be a full scan).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    Connection,
    bindparam,
    delete,
    func,
    insert,
    literal_column,
    select,
    update,
)

from tracker.catalog.model import CATALOG_FIELDS
from tracker.domain import PROGRESS_FIELDS, normalize_key
from tracker.store.tables import Category, Paper, PaperKey

_P = Paper.__table__.c  # type: ignore[attr-defined]
_C = Category.__table__.c  # type: ignore[attr-defined]
_K = PaperKey.__table__.c  # type: ignore[attr-defined]
PAPER_T = Paper.__table__  # type: ignore[attr-defined]
KEY_T = PaperKey.__table__  # type: ignore[attr-defined]
CAT_T = Category.__table__  # type: ignore[attr-defined]

CHUNK = 5_000
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class CatalogIndex:
    """What an import diffs against: catalog fields of every paper, by id and by review URL."""

    by_id: dict[str, dict[str, Any]]
    id_by_url: dict[str, str]
    categories: list[str]


def load_index(conn: Connection) -> CatalogIndex:
    names = ("id", *CATALOG_FIELDS)
    cols = [getattr(_P, n) for n in names]
    by_id: dict[str, dict[str, Any]] = {}
    id_by_url: dict[str, str] = {}
    loads = json.loads
    for row in conn.execute(select(*cols)):
        values = dict(zip(names, row, strict=True))
        aliases = values["aliases"]
        values["aliases"] = () if not aliases or aliases == "[]" else tuple(loads(aliases))
        pid = row[0]
        by_id[pid] = values
        id_by_url[values["review_url"]] = pid
    cats = list(conn.execute(select(_C.name).order_by(_C.position)).scalars())
    return CatalogIndex(by_id, id_by_url, cats)


def max_position(conn: Connection) -> int:
    """The highest paper position (-1 for no papers): where appended papers go."""
    value = conn.execute(select(func.max(_P.position))).scalar()
    return -1 if value is None else int(value)


def load_progress(conn: Connection) -> dict[str, dict[str, Any]]:
    """Progress columns of every paper, by id: one query instead of one per paper."""
    cols = [_P.id, *(getattr(_P, c) for c in PROGRESS_FIELDS)]
    return {
        row[0]: dict(zip(PROGRESS_FIELDS, row[1:], strict=True))
        for row in conn.execute(select(*cols))
    }


def ensure_categories(conn: Connection, names: Sequence[str]) -> list[str]:
    """Add categories not yet known, after the existing ones. Returns the names added."""
    existing = list(conn.execute(select(_C.name).order_by(_C.position)).scalars())
    known = set(existing)
    new = [n for n in dict.fromkeys(names) if n not in known]
    if new:
        start = len(existing)
        conn.execute(insert(CAT_T), [{"name": n, "position": start + i} for i, n in enumerate(new)])
    return new


def _db_values(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if "aliases" in out:
        out["aliases"] = json.dumps(list(out["aliases"] or ()), ensure_ascii=False)
    return out


def insert_papers(
    conn: Connection, rows: Sequence[dict[str, Any]], progress: Progress | None = None
) -> None:
    """rows: id, position, catalog fields and optionally progress columns."""
    if not rows:
        return
    # Rows may differ in which optional columns they carry; fill all to one shape, so each
    # chunk is a single executemany of one compiled statement.
    wanted = set().union(*(r.keys() for r in rows)) | {"status", "notes", "aliases"}
    columns = [c.name for c in PAPER_T.columns if c.name in wanted]
    blank = dict.fromkeys(columns)
    as_tuple = itemgetter(*columns)
    dumps = json.dumps
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        values = []
        for row in chunk:
            out = blank | row
            aliases = out["aliases"]
            if not isinstance(aliases, str):
                out["aliases"] = dumps(list(aliases), ensure_ascii=False) if aliases else "[]"
            out["status"] = out["status"] or "unread"
            out["notes"] = out["notes"] or ""
            values.append(as_tuple(out))
        bulk_insert(conn, PAPER_T, columns, values)
        if progress:
            progress(len(chunk))
    # New ids cannot own keys yet (the foreign key cascades deletes), so no DELETE first.
    _insert_keys(conn, rows)


def bulk_insert(
    conn: Connection, table: Any, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """A Core INSERT compiled once and run as one executemany of plain tuples.

    At 100,000 rows SQLAlchemy's per-row parameter processing (dict per row, then
    `construct_params`) cost about as much as SQLite's own inserting; these columns have no
    bind processors on SQLite, so passing tuples straight to the driver is equivalent.
    """
    if not rows:
        return
    compiled = (
        insert(table).values({c: bindparam(c) for c in columns}).compile(dialect=conn.dialect)
    )
    if list(compiled.positiontup or ()) != list(columns):
        raise ValueError(f"columns must be in table order: {list(columns)}")
    conn.exec_driver_sql(str(compiled), list(rows))


def update_papers(conn: Connection, changes: Sequence[tuple[str, dict[str, Any]]]) -> None:
    """Apply per-paper column changes, grouped by the set of columns so each group is one
    executemany."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for pid, values in changes:
        if values:
            row = _db_values(values)
            groups.setdefault(tuple(sorted(row)), []).append({"_id": pid, **row})
    for columns, rows in groups.items():
        stmt = (
            update(PAPER_T)
            .where(_P.id == bindparam("_id"))
            .values({c: bindparam(c) for c in columns})
        )
        conn.execute(stmt, rows)


def keys_for(pid: str, name: str, aliases: Iterable[str]) -> set[str]:
    keys = {normalize_key(pid), normalize_key(name)}
    keys.update(normalize_key(a) for a in aliases)
    keys.discard("")
    return keys


def replace_keys(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Rebuild lookup keys for these papers (rows need id, name and aliases)."""
    if not rows:
        return
    # One statement, one pass over the key table: SQLite builds a temporary index of the ids.
    ids = select(literal_column("value")).select_from(func.json_each(bindparam("ids")))
    conn.execute(
        delete(KEY_T).where(_K.paper_id.in_(ids)), {"ids": json.dumps([r["id"] for r in rows])}
    )
    _insert_keys(conn, rows)


def _insert_keys(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    key_rows: list[tuple[str, str]] = []
    for r in rows:
        aliases = r.get("aliases") or ()
        if isinstance(aliases, str):
            aliases = json.loads(aliases)
        pid = r["id"]
        key_rows.extend((k, pid) for k in keys_for(pid, r["name"], aliases))
    # In key order the primary-key B-tree only ever appends: about twice as fast as
    # inserting in paper order at 100,000 papers.
    key_rows.sort()
    for start in range(0, len(key_rows), CHUNK):
        bulk_insert(conn, KEY_T, ("key", "paper_id"), key_rows[start : start + CHUNK])
