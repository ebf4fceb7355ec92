"""The link-check history: the only SQL for link audits.

Rows are append-only (one per URL, paper and run); "the" health of a URL is its newest row.
Timestamps are ISO-8601 UTC text with second precision (`2026-11-25T17:36:12Z`), so they sort
as text; ties within a second are broken by row id.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, insert, select

from tracker.clock import iso, parse_utc
from tracker.store.tables import LinkCheck

_T = LinkCheck.__table__  # type: ignore[attr-defined]
_L = _T.c


@dataclass(frozen=True, slots=True)
class LinkHealth:
    """One stored verdict, as front ends (TUI detail panel, `export md`, the audit) see it."""

    url: str
    paper_id: str | None
    kind: str
    verdict: str
    status_code: int | None
    final_url: str | None
    detail: str
    checked_at: datetime
    elapsed_ms: int | None = None
    # Redirect hops as (url, status) pairs, oldest first.
    chain: tuple[tuple[str, int], ...] = ()

    def age(self, now: datetime) -> timedelta:
        return now - self.checked_at


def stamp(moment: datetime) -> str:
    """Stored form of `checked_at`: UTC, whole seconds, `Z`."""
    return iso(moment, timespec="seconds")


def save_checks(conn: Connection, checks: Sequence[LinkHealth]) -> int:
    """Append checks in one executemany; returns how many rows were written."""
    rows = [
        {
            "url": c.url,
            "paper_id": c.paper_id,
            "kind": c.kind,
            "verdict": c.verdict,
            "status_code": c.status_code,
            "final_url": c.final_url,
            "chain": json.dumps([list(hop) for hop in c.chain]),
            "detail": c.detail,
            "checked_at": stamp(c.checked_at),
            "elapsed_ms": c.elapsed_ms,
        }
        for c in checks
    ]
    if rows:
        conn.execute(insert(_T), rows)
    return len(rows)


def _health(m: Any) -> LinkHealth:
    try:
        chain = tuple((str(u), int(s)) for u, s in json.loads(m["chain"] or "[]"))
    except (ValueError, TypeError):
        chain = ()
    return LinkHealth(
        url=m["url"],
        paper_id=m["paper_id"],
        kind=m["kind"],
        verdict=m["verdict"],
        status_code=m["status_code"],
        final_url=m["final_url"],
        detail=m["detail"],
        checked_at=parse_utc(m["checked_at"]),
        elapsed_ms=m["elapsed_ms"],
        chain=chain,
    )


def _latest(partition: Sequence[Any], where: Iterable[Any] = ()) -> Any:
    rank = (
        func.row_number()
        .over(partition_by=list(partition), order_by=(_L.checked_at.desc(), _L.id.desc()))
        .label("rank")
    )
    ranked = select(*_L, rank).where(*where).subquery()
    return select(*(ranked.c[c.name] for c in _L)).where(ranked.c.rank == 1)


def latest_by_url(conn: Connection, urls: Iterable[str] | None = None) -> dict[str, LinkHealth]:
    """The newest check of each URL (optionally only of `urls`), whichever paper it was for."""
    where = [] if urls is None else [_L.url.in_(list(urls))]
    return {h.url: h for h in (_health(r._mapping) for r in conn.execute(_latest([_L.url], where)))}


def latest_by_paper(conn: Connection) -> dict[str, list[LinkHealth]]:
    """The newest check of each (paper, URL) pair, grouped by paper: papers sharing a URL
    each keep their own verdict."""
    out: dict[str, list[LinkHealth]] = {}
    for row in conn.execute(_latest([_L.paper_id, _L.url], [_L.paper_id.is_not(None)])):
        health = _health(row._mapping)
        out.setdefault(health.paper_id or "", []).append(health)
    return out


def latest_for_paper(conn: Connection, paper_id: str) -> list[LinkHealth]:
    """The newest check of each URL checked for this paper: review link first, then paper.

    URLs the paper no longer has may still appear (history is kept); callers showing "the"
    health of a paper's links match on its current URLs.
    """
    stmt = _latest([_L.url], [_L.paper_id == paper_id])
    rows = [_health(r._mapping) for r in conn.execute(stmt)]
    order = {"review": 0, "paper": 1}
    return sorted(rows, key=lambda h: (order.get(h.kind, 2), h.url))


def count_checks(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(_T)).scalar_one())
