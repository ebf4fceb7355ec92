"""Export progress as a shareable Markdown list, a complete JSON backup, or CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from tracker import clock
from tracker.catalog.backup_json import FORMAT, VERSION
from tracker.catalog.model import CATALOG_FIELDS
from tracker.domain import CategoryProgress, PaperView
from tracker.services.json_stream import write_object
from tracker.store import history
from tracker.store import papers as store
from tracker.store.database import Database

if TYPE_CHECKING:
    from tracker.store.link_checks import LinkHealth

FORMATS = ("md", "json", "csv")
CSV_COLUMNS = (
    "id",
    "name",
    "category",
    "status",
    "rating",
    "review_url",
    "paper_url",
    "title",
    "first_author",
    "year",
    "venue",
    "arxiv",
    "aliases",
    "started_at",
    "finished_at",
    "updated_at",
    "notes",
)


def _ts(value: Any) -> str | None:
    return clock.iso(value) if value is not None else None


def paper_record(p: PaperView) -> dict[str, Any]:
    """The stable JSON shape of one paper (used by `list --json`, `show --json`, backups)."""
    record: dict[str, Any] = {
        "id": p.id,
        "name": p.name,
        "category": p.category,
        "status": p.status.value,
        "rating": p.rating,
        "notes": p.notes,
        "review_url": p.review_url,
        "paper_url": p.paper_url,
        "aliases": list(p.aliases),
        "title": p.title,
        "first_author": p.first_author,
        "year": p.year,
        "venue": p.venue,
        "arxiv": p.arxiv,
        "listed_under": p.listed_under,
        "started_at": _ts(p.progress.started_at),
        "finished_at": _ts(p.progress.finished_at),
        "updated_at": _ts(p.progress.updated_at),
    }
    return record


def _selection(
    db: Database, category: str | None, status: str | None
) -> tuple[list[CategoryProgress], list[PaperView]]:
    with db.read() as conn:
        cats = store.category_progress(conn)
        papers = store.list_papers(conn, category=category, status=status)
    if category is not None:
        cats = [c for c in cats if c.name == category]
    return cats, papers


def export_markdown(
    db: Database,
    *,
    category: str | None = None,
    status: str | None = None,
    link_health: Mapping[str, str] | None = None,
) -> str:
    from tracker.services.markdown_export import render_markdown

    cats, papers = _selection(db, category, status)
    if link_health is None:
        link_health = _link_health(db, papers)
    return render_markdown(cats, papers, generated_at=clock.now(), link_health=link_health)


def _link_health(db: Database, papers: Iterable[PaperView]) -> Mapping[str, str]:
    """Per paper id, a short label of its *current* links' last audit (problems first)."""
    from tracker.store.link_checks import latest_by_paper

    with db.read() as conn:
        latest = latest_by_paper(conn)
    current = {p.id: {p.review_url, p.best_paper_url} for p in papers}
    return health_labels(
        h for pid, found in latest.items() for h in found if h.url in current.get(pid, ())
    )


def health_labels(checks: Iterable[LinkHealth]) -> dict[str, str]:
    by_paper: dict[str, list[LinkHealth]] = {}
    for check in checks:
        if check.paper_id is not None:
            by_paper.setdefault(check.paper_id, []).append(check)
    labels: dict[str, str] = {}
    for pid, found in by_paper.items():
        problems = [c for c in found if c.verdict != "ok"]
        when = max(c.checked_at for c in found).strftime("%Y-%m-%d")
        if not problems:
            labels[pid] = f"links ok ({when})"
            continue
        parts = []
        for c in sorted(problems, key=lambda c: c.kind != "review"):
            code = f" {c.status_code}" if c.status_code else ""
            parts.append(f"{c.kind} {c.verdict}{code}")
        labels[pid] = f"{', '.join(parts)} ({when})"
    return labels


def write_json(
    db: Database, out: TextIO, *, category: str | None = None, status: str | None = None
) -> None:
    """A complete backup: catalog, progress and history (filters narrow the papers)."""
    cats, papers = _selection(db, category, status)
    ids = {p.id for p in papers}
    with db.read() as conn:
        entries = [e for e in history.all_entries(conn) if e.paper_id in ids]
    history_records = (
        {
            "paper_id": e.paper_id,
            "field": e.field,
            "old": e.old,
            "new": e.new,
            "at": clock.iso(e.at),
            "batch": e.batch,
            "source": e.source,
            "undoes": e.undoes,
        }
        for e in entries
    )
    write_object(
        out,
        [
            ("format", FORMAT),
            ("version", VERSION),
            ("exported_at", clock.iso(clock.now())),
            ("categories", [c.name for c in cats]),
            ("papers", (_backup_paper(p) for p in papers)),
            ("history", history_records),
        ],
        arrays={"papers", "history"},
    )


def _backup_paper(p: PaperView) -> dict[str, Any]:
    record = paper_record(p)
    # Backups hold only what import accepts: drop empty optional fields.
    keep = {"id", *CATALOG_FIELDS, "status", "rating", "notes"}
    keep |= {"started_at", "finished_at", "updated_at"}
    out = {k: v for k, v in record.items() if k in keep}
    for key in ("aliases", "title", "first_author", "year", "venue", "arxiv"):
        if out.get(key) in (None, []):
            out.pop(key, None)
    for key in ("paper_url", "listed_under"):
        if out.get(key) is None:
            out.pop(key, None)
    return out


def write_csv(
    db: Database, out: TextIO, *, category: str | None = None, status: str | None = None
) -> None:
    _, papers = _selection(db, category, status)
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for p in papers:
        record = paper_record(p)
        record["aliases"] = "; ".join(p.aliases)
        writer.writerow({k: _csv_safe(record.get(k)) for k in CSV_COLUMNS})


def _csv_safe(value: Any) -> Any:
    # Spreadsheets execute cells starting with = + - @ ; prefix them so they stay text.
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@"}:
        return "'" + value
    return "" if value is None else value


def write_export(
    db: Database,
    fmt: str,
    out: TextIO,
    *,
    category: str | None = None,
    status: str | None = None,
) -> None:
    """Write an export in `fmt` to `out` (streamed where the format allows)."""
    if fmt == "md":
        out.write(export_markdown(db, category=category, status=status))
    elif fmt == "json":
        write_json(db, out, category=category, status=status)
    elif fmt == "csv":
        write_csv(db, out, category=category, status=status)
    else:
        raise ValueError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")


def export(
    db: Database, fmt: str, *, category: str | None = None, status: str | None = None
) -> str:
    """The export as one string (for small selections and callers that need text)."""
    buf = io.StringIO()
    write_export(db, fmt, buf, category=category, status=status)
    return buf.getvalue()
