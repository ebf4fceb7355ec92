"""Set-based writes for catalog imports: one executemany per table, never an ORM object per row."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from tracker.catalog.model import CATALOG_FIELDS
from tracker.domain import normalize_key
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
    max_position: int


def load_index(conn: Connection) -> CatalogIndex:
    cols = [_P.id, *(getattr(_P, f) for f in CATALOG_FIELDS), _P.position]
    by_id: dict[str, dict[str, Any]] = {}
    id_by_url: dict[str, str] = {}
    max_position = -1
    for row in conn.execute(select(*cols)):
        values = dict(row._mapping)
        values["aliases"] = tuple(json.loads(values["aliases"] or "[]"))
        by_id[values["id"]] = values
        id_by_url[values["review_url"]] = values["id"]
        max_position = max(max_position, values["position"])
    cats = list(conn.execute(select(_C.name).order_by(_C.position)).scalars())
    return CatalogIndex(by_id, id_by_url, cats, max_position)


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
    for start in range(0, len(rows), CHUNK):
        chunk = [_db_values(r) for r in rows[start : start + CHUNK]]
        # Rows may differ in which optional columns they carry; fill to a common shape.
        keys = set().union(*(r.keys() for r in chunk))
        conn.execute(insert(PAPER_T), [{k: r.get(k) for k in keys} | _defaults(r) for r in chunk])
        if progress:
            progress(len(chunk))
    replace_keys(conn, rows)


def _defaults(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "status": row.get("status") or "unread",
        "notes": row.get("notes") or "",
        "aliases": row.get("aliases") if isinstance(row.get("aliases"), str) else "[]",
    }


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
    ids = [r["id"] for r in rows]
    for start in range(0, len(ids), 900):  # stay below SQLite's bound-variable limit
        conn.execute(delete(KEY_T).where(_K.paper_id.in_(ids[start : start + 900])))
    key_rows = []
    for r in rows:
        aliases = r.get("aliases") or ()
        if isinstance(aliases, str):
            aliases = json.loads(aliases)
        key_rows.extend(
            {"key": k, "paper_id": r["id"]} for k in keys_for(r["id"], r["name"], aliases)
        )
    for start in range(0, len(key_rows), CHUNK):
        conn.execute(insert(KEY_T), key_rows[start : start + CHUNK])


def paper_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(PAPER_T)).scalar_one())
