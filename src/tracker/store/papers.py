"""Queries on papers and categories, returning plain read models."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Row, func, select, update

from tracker.clock import parse as parse_ts
from tracker.domain import PROGRESS_FIELDS, CategoryProgress, PaperView, Progress, Status
from tracker.store.tables import Category, Paper, PaperKey

_P = Paper.__table__.c  # type: ignore[attr-defined]
_C = Category.__table__.c  # type: ignore[attr-defined]
_K = PaperKey.__table__.c  # type: ignore[attr-defined]

PAPER_COLUMNS = tuple(_P)

# Sort orders front ends may ask for; values are SQL ORDER BY column lists.
SORTS: dict[str, tuple[Any, ...]] = {
    "catalog": (_C.position, _P.position),
    "name": (func.lower(_P.name), _P.position),
    "year": (_P.year.is_(None), _P.year, _P.position),
    "rating": (_P.rating.is_(None), _P.rating.desc(), _P.position),
    "activity": (_P.updated_at.is_(None), _P.updated_at.desc(), _P.position),
}


def row_to_view(row: Row[Any]) -> PaperView:
    m = row._mapping
    return _view(tuple(m[c.name] for c in PAPER_COLUMNS))


# Positions of the columns in a `select(*PAPER_COLUMNS)` row. Listing 100,000 papers built a
# `_mapping` per row and looked up 19 names in it: a third of the time `list --json` spent here.
_AT = {c.name: i for i, c in enumerate(PAPER_COLUMNS)}
_STATUS = {s.value: s for s in Status}
_intern = sys.intern


def _view(v: Sequence[Any]) -> PaperView:
    aliases = v[_AT["aliases"]]
    status = v[_AT["status"]]
    return PaperView(
        id=v[_AT["id"]],
        name=v[_AT["name"]],
        category=_intern(v[_AT["category"]]),  # a handful of names shared by every row
        position=v[_AT["position"]],
        review_url=v[_AT["review_url"]],
        aliases=() if not aliases or aliases == "[]" else tuple(json.loads(aliases)),
        title=v[_AT["title"]],
        first_author=v[_AT["first_author"]],
        year=v[_AT["year"]],
        venue=v[_AT["venue"]],
        arxiv=v[_AT["arxiv"]],
        paper_url=v[_AT["paper_url"]],
        listed_under=v[_AT["listed_under"]],
        progress=Progress(
            status=_STATUS.get(status) or Status(status),
            rating=v[_AT["rating"]],
            notes=v[_AT["notes"]],
            started_at=parse_ts(v[_AT["started_at"]]),
            finished_at=parse_ts(v[_AT["finished_at"]]),
            updated_at=parse_ts(v[_AT["updated_at"]]),
        ),
    )


def _filtered(
    category: str | None,
    status: str | Sequence[str] | None,
    ids: Iterable[str] | None = None,
) -> Any:
    stmt = select(*PAPER_COLUMNS).join(Category.__table__, _C.name == _P.category)  # type: ignore[attr-defined]
    if category is not None:
        stmt = stmt.where(_P.category == category)
    if isinstance(status, str):
        stmt = stmt.where(_P.status == status)
    elif status:
        stmt = stmt.where(_P.status.in_(list(status)))
    if ids is not None:
        stmt = stmt.where(_P.id.in_(list(ids)))
    return stmt


def list_papers(
    conn: Connection,
    *,
    category: str | None = None,
    status: str | Sequence[str] | None = None,
    sort: str = "catalog",
    limit: int | None = None,
    offset: int = 0,
) -> list[PaperView]:
    stmt = _filtered(category, status).order_by(*SORTS[sort]).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_view(r) for r in conn.execute(stmt)]


def count_papers(
    conn: Connection, *, category: str | None = None, status: str | None = None
) -> int:
    stmt = select(func.count()).select_from(_filtered(category, status).subquery())
    return int(conn.execute(stmt).scalar_one())


def get_paper(conn: Connection, paper_id: str) -> PaperView | None:
    row = conn.execute(_filtered(None, None).where(_P.id == paper_id)).first()
    return _view(row) if row else None


def get_papers(conn: Connection, paper_ids: Sequence[str]) -> list[PaperView]:
    order = {pid: i for i, pid in enumerate(paper_ids)}
    rows = [_view(r) for r in conn.execute(_filtered(None, None, paper_ids))]
    return sorted(rows, key=lambda p: order[p.id])


def categories(conn: Connection) -> list[str]:
    return list(conn.execute(select(_C.name).order_by(_C.position)).scalars())


def category_progress(conn: Connection) -> list[CategoryProgress]:
    """Per-category counts in display order, empty categories included."""
    counts = (
        select(
            _P.category.label("category"),
            func.count().label("total"),
            func.sum((_P.status == "reviewed").cast(type_=_P.position.type)).label("reviewed"),
            func.sum((_P.status == "reading").cast(type_=_P.position.type)).label("reading"),
            func.sum((_P.status == "skipped").cast(type_=_P.position.type)).label("skipped"),
            func.count(_P.rating).label("rated"),
            func.avg(_P.rating).label("mean_rating"),
        )
        .group_by(_P.category)
        .subquery()
    )
    stmt = (
        select(_C.name, counts)
        .outerjoin(counts, counts.c.category == _C.name)
        .order_by(_C.position)
    )
    out = []
    for r in conn.execute(stmt):
        m = r._mapping
        out.append(
            CategoryProgress(
                name=m["name"],
                total=m["total"] or 0,
                reviewed=m["reviewed"] or 0,
                reading=m["reading"] or 0,
                skipped=m["skipped"] or 0,
                rated=m["rated"] or 0,
                mean_rating=float(m["mean_rating"]) if m["mean_rating"] is not None else None,
            )
        )
    return out


def resolve_exact(conn: Connection, key: str) -> list[tuple[str, str]]:
    """(id, name) of papers whose id, name or an alias normalises to `key`."""
    stmt = (
        select(_P.id, _P.name)
        .join(PaperKey.__table__, _K.paper_id == _P.id)  # type: ignore[attr-defined]
        .where(_K.key == key)
        .distinct()
        .order_by(_P.position)
    )
    return [(r[0], r[1]) for r in conn.execute(stmt)]


def resolve_prefix(conn: Connection, prefix: str, limit: int = 20) -> list[tuple[str, str]]:
    """(id, name) of papers with a key starting with `prefix`; uses the key index (range scan)."""
    # Keys hold only [0-9a-z], so "{" (after "z") bounds the range.
    stmt = (
        select(_P.id, _P.name)
        .join(PaperKey.__table__, _K.paper_id == _P.id)  # type: ignore[attr-defined]
        .where(_K.key >= prefix, _K.key < prefix + "{")
        .distinct()
        .order_by(_P.position)
        .limit(limit)
    )
    return [(r[0], r[1]) for r in conn.execute(stmt)]


def all_names(conn: Connection, limit: int = 200_000) -> list[tuple[str, str]]:
    """(key, paper id) pairs for "did you mean" suggestions."""
    return [(r[0], r[1]) for r in conn.execute(select(_K.key, _K.paper_id).limit(limit))]


def ordered_ids(
    conn: Connection,
    *,
    category: str | None = None,
    needle: str | None = None,
    sort: str = "catalog",
    limit: int | None = None,
) -> list[str]:
    """Ids of a view in display order; `needle` matches name, aliases or title
    (case-insensitive substring). Ids only, so 100,000 rows stay cheap."""
    stmt = _filtered(category, None).with_only_columns(_P.id).order_by(*SORTS[sort])
    if needle:
        like = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(
            _P.name.ilike(like, escape="\\")
            | _P.aliases.ilike(like, escape="\\")
            | _P.title.ilike(like, escape="\\")
        )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(conn.execute(stmt).scalars())


def search_ids(conn: Connection, needle: str, *, limit: int | None = None) -> list[str]:
    """Ids of papers whose name, aliases or title contain `needle`, in catalog order."""
    return ordered_ids(conn, needle=needle, limit=limit)


def progress_columns(conn: Connection, paper_id: str) -> dict[str, Any] | None:
    cols = [getattr(_P, name) for name in PROGRESS_FIELDS]
    row = conn.execute(select(*cols).where(_P.id == paper_id)).first()
    return dict(row._mapping) if row else None


def write_progress(conn: Connection, paper_id: str, values: dict[str, Any]) -> None:
    """Write only the given progress columns: a concurrent writer's other fields survive."""
    if values:
        conn.execute(update(Paper.__table__).where(_P.id == paper_id).values(**values))  # type: ignore[attr-defined]


def rating_counts(conn: Connection) -> dict[int, int]:
    stmt = select(_P.rating, func.count()).where(_P.rating.is_not(None)).group_by(_P.rating)
    counts = {int(r[0]): int(r[1]) for r in conn.execute(stmt)}
    return {n: counts.get(n, 0) for n in range(1, 6)}


def finished_per_day(conn: Connection) -> list[tuple[str, int]]:
    """(YYYY-MM-DD, count) of papers now reviewed, by the day they were finished."""
    day = func.substr(_P.finished_at, 1, 10)
    stmt = (
        select(day, func.count())
        .where(_P.status == "reviewed", _P.finished_at.is_not(None))
        .group_by(day)
        .order_by(day)
    )
    return [(r[0], int(r[1])) for r in conn.execute(stmt)]
