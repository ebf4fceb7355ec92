"""Import a catalog into the store: diff first (what `--dry-run` shows), then apply it in one
transaction.

Matching: by id, then by review URL (plain Markdown lists have made-up ids, so only by URL).
Catalog fields are updated; the user's progress is only written when the source carries it
(a JSON backup or a tracker Markdown export). Papers missing from the source are kept.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from tracker import clock
from tracker.catalog.model import CATALOG_FIELDS, Catalog, CatalogError, CatalogPaper
from tracker.catalog.text import printable
from tracker.domain import PROGRESS_FIELDS, Progress, unique_id
from tracker.gcpause import gc_paused
from tracker.store import catalog_sync as sync
from tracker.store import history
from tracker.store.backup import make_backup
from tracker.store.database import Database, write_meta

# A tracker Markdown export carries only these; timestamps are not in it.
EXPORT_PROGRESS_FIELDS = ("status", "rating", "notes")


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class PaperChange:
    id: str
    name: str
    changes: tuple[FieldChange, ...]

    @property
    def fields(self) -> list[str]:
        return [c.field for c in self.changes]


@dataclass(slots=True)
class ImportPlan:
    source: str
    kind: str
    added: list[CatalogPaper] = field(default_factory=list)
    updated: list[PaperChange] = field(default_factory=list)
    progress: list[PaperChange] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    new_categories: list[str] = field(default_factory=list)
    history: list[Any] = field(default_factory=list)
    backup: Path | None = None
    applied: bool = False

    @property
    def changes_catalog(self) -> bool:
        return bool(self.added or self.updated or self.new_categories)

    @property
    def has_changes(self) -> bool:
        return self.changes_catalog or bool(self.progress or self.history)

    def summary(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "progress_restored": len(self.progress),
            "unchanged": len(self.unchanged),
            "missing_from_source": len(self.missing),
            "new_categories": len(self.new_categories),
            "history_restored": len(self.history),
        }


def plan_import(conn: Connection, catalog: Catalog) -> ImportPlan:
    index = sync.load_index(conn)
    # Progress of every paper in one query (not one per paper) when the source carries it.
    progress_now = sync.load_progress(conn) if catalog.carries_progress else {}
    plan = ImportPlan(source=catalog.source, kind=catalog.kind)
    plan.new_categories = [c for c in catalog.categories if c not in set(index.categories)]
    by_id_allowed = catalog.kind != "list"
    authoritative = catalog.kind in {"catalog", "backup"}
    matched: dict[str, str] = {}  # existing id -> source id (to catch double matches)
    taken_ids = set(index.by_id)
    for paper in catalog.papers:
        existing_id = None
        if by_id_allowed and paper.id in index.by_id:
            existing_id = paper.id
        elif paper.review_url in index.id_by_url:
            existing_id = index.id_by_url[paper.review_url]
        if existing_id is None:
            if by_id_allowed:
                taken_ids.add(paper.id)
            else:
                free = unique_id(paper.id, taken_ids)
                if free != paper.id:  # `replace` rebuilds the object: only when it must
                    paper = replace(paper, id=free)
            plan.added.append(paper)
            continue
        if existing_id in matched:
            raise CatalogError(
                f"papers '{matched[existing_id]}' and '{paper.id}' both match existing paper "
                f"'{existing_id}' (same id or review URL)",
                source=catalog.source,
                line=paper.line,
            )
        matched[existing_id] = paper.id
        current = index.by_id[existing_id]
        changes = _catalog_changes(paper, current, authoritative=authoritative)
        url_owner = index.id_by_url.get(paper.review_url)
        if url_owner is not None and url_owner != existing_id:
            raise CatalogError(
                f"paper '{paper.id}': review_url is already used by paper '{url_owner}'",
                source=catalog.source,
                line=paper.line,
            )
        if changes:
            plan.updated.append(PaperChange(existing_id, current["name"], changes))
        else:
            plan.unchanged.append(existing_id)
        if catalog.carries_progress and paper.progress is not None:
            _plan_progress(
                plan,
                existing_id,
                current["name"],
                paper.progress,
                catalog.kind,
                progress_now.get(existing_id, {}),
            )
    plan.missing = [
        (pid, values["name"]) for pid, values in index.by_id.items() if pid not in matched
    ]
    if catalog.kind == "backup":
        plan.history = _new_history(conn, catalog)
    return plan


_catalog_tuple = attrgetter(*CATALOG_FIELDS)


def _catalog_changes(
    paper: CatalogPaper, current: dict[str, Any], *, authoritative: bool
) -> tuple[FieldChange, ...]:
    # Fast path for re-imports: every rule below only ever drops differences, so equal
    # values mean no change in any mode.
    if _catalog_tuple(paper) == tuple([current.get(name) for name in CATALOG_FIELDS]):
        return ()
    out = []
    for name in CATALOG_FIELDS:
        new = getattr(paper, name)
        old = current.get(name)
        if name == "listed_under" and not authoritative:
            continue
        if not authoritative and (new is None or new == ()):
            continue  # a Markdown list only says what it knows; silence is not deletion
        if name == "category" and new == current.get("listed_under") and not paper.listed_under:
            continue  # the list files it where we deliberately moved it from (e.g. SharpMask)
        if new != old:
            out.append(FieldChange(name, old, new))
    return tuple(out)


def _plan_progress(
    plan: ImportPlan,
    pid: str,
    name: str,
    progress: Progress,
    kind: str,
    current: dict[str, Any],
) -> None:
    wanted = _progress_values(progress)
    fields = PROGRESS_FIELDS if kind == "backup" else EXPORT_PROGRESS_FIELDS
    changes = tuple(
        FieldChange(f, current.get(f), wanted[f]) for f in fields if current.get(f) != wanted[f]
    )
    if changes:
        plan.progress.append(PaperChange(pid, name, changes))


def _progress_values(progress: Progress) -> dict[str, Any]:
    def ts(value: Any) -> str | None:
        return clock.iso(value) if value is not None else None

    return {
        "status": progress.status.value,
        "rating": progress.rating,
        "notes": progress.notes,
        "started_at": ts(progress.started_at),
        "finished_at": ts(progress.finished_at),
        "updated_at": ts(progress.updated_at),
    }


def _new_history(conn: Connection, catalog: Catalog) -> list[Any]:
    have = {(e.batch, e.paper_id, e.field, clock.iso(e.at)) for e in history.all_entries(conn)}
    return [
        e for e in catalog.history if (e.batch, e.paper_id, e.field, clock.iso(e.at)) not in have
    ]


def apply_import(
    db: Database,
    catalog: Catalog,
    *,
    dry_run: bool = False,
    backup: bool = True,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """Plan and (unless `dry_run`) apply in one write transaction."""
    if dry_run:
        with db.read() as conn:
            return plan_import(conn, catalog)
    with gc_paused(), db.write() as conn:
        # Planned once, under the write lock: the plan is the truth to apply. The backup is
        # taken before anything is written, through a separate connection that reads the
        # committed state (WAL lets it read while we hold the write lock), so it is exactly
        # the database this import starts from.
        plan = plan_import(conn, catalog)
        if plan.changes_catalog and backup:
            plan.backup = make_backup(db.path, "pre-import")
        _apply(conn, plan, catalog, on_progress)
    plan.applied = True
    return plan


def _apply(
    conn: Connection,
    plan: ImportPlan,
    catalog: Catalog,
    on_progress: Callable[[int, int], None] | None,
) -> None:
    total = len(plan.added) + len(plan.updated) + len(plan.progress)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if on_progress:
            on_progress(done, total)

    sync.ensure_categories(conn, catalog.categories)
    index_max = sync.max_position(conn) if plan.added else 0
    rows = []
    for i, paper in enumerate(plan.added):
        row: dict[str, Any] = dict(zip(CATALOG_FIELDS, _catalog_tuple(paper), strict=True))
        row["id"] = paper.id
        row["position"] = index_max + 1 + i
        if catalog.carries_progress and paper.progress is not None:
            values = _progress_values(paper.progress)
            if catalog.kind != "backup":
                values = {k: values[k] for k in EXPORT_PROGRESS_FIELDS}
            row.update(values)
        rows.append(row)
    sync.insert_papers(conn, rows, progress=tick)
    updates = [(c.id, {fc.field: fc.new for fc in c.changes}) for c in plan.updated]
    sync.update_papers(conn, updates)
    tick(len(updates))
    rekey = [c.id for c in plan.updated if {"name", "aliases"} & set(c.fields)]
    if rekey:
        from tracker.store.papers import get_papers

        sync.replace_keys(
            conn,
            [{"id": p.id, "name": p.name, "aliases": p.aliases} for p in get_papers(conn, rekey)],
        )
    _apply_progress(conn, plan, catalog)
    tick(len(plan.progress))
    if plan.history:
        history.restore(conn, plan.history)
    now = clock.iso(clock.now())
    write_meta(conn, "last_import", f"{now} {printable(catalog.source, 200)}")


def _apply_progress(conn: Connection, plan: ImportPlan, catalog: Catalog) -> None:
    now = clock.iso(clock.now())
    updates = []
    for change in plan.progress:
        values = {fc.field: fc.new for fc in change.changes}
        if catalog.kind != "backup":
            values["updated_at"] = now
        updates.append((change.id, values))
    sync.update_papers(conn, updates)
    if catalog.kind == "backup":
        return  # the backup's own history (restored alongside) already explains these states
    batch = uuid.uuid4().hex
    history.append(
        conn,
        [
            history.Change(c.id, fc.field, _text(fc.old), _text(fc.new))
            for c in plan.progress
            for fc in c.changes
        ],
        at=now,
        batch=batch,
        source="import",
    )
    # Also new papers from an export arrive with progress: log them for undo/activity.
    history.append(
        conn,
        [
            history.Change(p.id, "status", "unread", p.progress.status.value)
            for p in plan.added
            if p.progress is not None and p.progress.status.value != "unread"
        ],
        at=now,
        batch=batch,
        source="import",
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def seed_if_needed(db: Database) -> ImportPlan | None:
    """First use of an empty database: load the packaged catalog (once, ever)."""
    from tracker.services.sources import load_source
    from tracker.store.database import read_meta

    with db.read() as conn:
        if read_meta(conn, "seeded_at") is not None:
            return None
    catalog = load_source(None)
    with db.write() as conn:
        if read_meta(conn, "seeded_at") is not None:  # another process won the race
            return None
        plan = plan_import(conn, catalog)
        _apply(conn, plan, catalog, None)
        write_meta(conn, "seeded_at", clock.iso(clock.now()))
    plan.applied = True
    return plan
