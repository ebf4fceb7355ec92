"""Read a JSON backup written by `tracker export json`.

Format (version 1):
    {"format": "tracker-backup", "version": 1, "exported_at": "...Z",
     "categories": ["..."],
     "papers": [{<catalog fields>, "status": "...", "rating": 3|null, "notes": "...",
                 "started_at": "...Z"|null, "finished_at": ..., "updated_at": ...}],
     "history": [{"paper_id", "field", "old", "new", "at", "batch", "source", "undoes"}]}
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from tracker.catalog.model import Catalog, CatalogError, CatalogPaper
from tracker.catalog.text import note_has_control, printable
from tracker.catalog.validate import Validator, check_unique
from tracker.domain import MAX_RATING, PROGRESS_FIELDS, HistoryEntry, Progress, Status

FORMAT = "tracker-backup"
VERSION = 1


def parse_backup(text: str, source: str) -> Catalog:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogError(f"malformed JSON: {exc.msg}", source=source, line=exc.lineno) from None
    except RecursionError:
        raise CatalogError("JSON is nested too deeply", source=source) from None
    v = Validator(source)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise v.fail((), f'not a tracker backup (expected "format": "{FORMAT}")')
    if doc.get("version") != VERSION:
        raise v.fail((), f"backup version {printable(str(doc.get('version')))} is not supported")
    categories = v.categories(doc.get("categories"), ("categories",))
    raw_papers = doc.get("papers")
    if not isinstance(raw_papers, list):
        raise v.fail(("papers",), "papers must be a list")
    papers = []
    for i, raw in enumerate(raw_papers):
        if not isinstance(raw, dict):
            raise v.fail(("papers", i), f"paper #{i + 1} must be an object")
        catalog_part = {k: val for k, val in raw.items() if k not in PROGRESS_FIELDS}
        paper = v.paper(catalog_part, ("papers", i), categories)
        progress = _progress(raw, v, paper.id)
        papers.append(_with(paper, progress))
    check_unique(papers, v)
    ids = {p.id for p in papers}
    entries = _history(doc.get("history", []), v, ids)
    return Catalog(categories, papers, source=source, kind="backup", history=entries)


def _with(paper: CatalogPaper, progress: Progress) -> CatalogPaper:
    from dataclasses import replace

    return replace(paper, progress=progress)


def _ts(value: Any, v: Validator, where: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise v.fail((), f"{where} must be an ISO-8601 timestamp string")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise v.fail((), f"{where} '{printable(value)}' is not an ISO-8601 timestamp") from None


def _progress(raw: dict[str, Any], v: Validator, pid: str) -> Progress:
    where = f"paper '{pid}'"
    status = raw.get("status", "unread")
    if status not in {s.value for s in Status}:
        raise v.fail((), f"{where}: unknown status '{printable(str(status))}'")
    rating = raw.get("rating")
    if rating is not None and (
        isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= MAX_RATING
    ):
        raise v.fail((), f"{where}: rating must be 1–{MAX_RATING} or null, not {rating!r}")
    notes = raw.get("notes", "")
    if not isinstance(notes, str):
        raise v.fail((), f"{where}: notes must be a string")
    if note_has_control(notes):
        raise v.fail((), f"{where}: notes contain control characters or escape sequences")
    return Progress(
        status=Status(status),
        rating=rating,
        notes=notes,
        started_at=_ts(raw.get("started_at"), v, f"{where}: started_at"),
        finished_at=_ts(raw.get("finished_at"), v, f"{where}: finished_at"),
        updated_at=_ts(raw.get("updated_at"), v, f"{where}: updated_at"),
    )


def _history(raw: Any, v: Validator, ids: set[str]) -> list[HistoryEntry]:
    if not isinstance(raw, list):
        raise v.fail(("history",), "history must be a list")
    out = []
    for i, item in enumerate(raw):
        where = f"history entry #{i + 1}"
        if not isinstance(item, dict):
            raise v.fail((), f"{where} must be an object")
        pid = item.get("paper_id")
        if pid not in ids:
            raise v.fail((), f"{where}: unknown paper_id '{printable(str(pid))}'")
        texts = {}
        for key in ("field", "batch", "source"):
            if not isinstance(item.get(key), str):
                raise v.fail((), f"{where}: {key} must be a string")
            texts[key] = item[key]
        for key in ("old", "new", "undoes"):
            if item.get(key) is not None and not isinstance(item.get(key), str):
                raise v.fail((), f"{where}: {key} must be a string or null")
        at = _ts(item.get("at"), v, f"{where}: at")
        if at is None:
            raise v.fail((), f"{where}: at is required")
        out.append(
            HistoryEntry(
                id=i + 1,
                paper_id=pid,
                field=texts["field"],
                old=item.get("old"),
                new=item.get("new"),
                at=at,
                batch=texts["batch"],
                source=texts["source"],
                undoes=item.get("undoes"),
            )
        )
    return out
