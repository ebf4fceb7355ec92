"""Test data and helpers for the TUI tests (fixtures are in conftest.py).

The catalog is small on purpose (three categories, one of them empty) and holds the awkward
cases: a name that looks like Rich markup, a name with an escape sequence, a paper URL that is
not http(s).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tracker.domain import PaperView
from tracker.store.database import Database, open_database

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)

CATEGORIES = ("Image Classification", "Object Detection", "Empty Category")
PAPERS: tuple[dict[str, Any], ...] = (
    {
        "id": "lenet",
        "name": "LeNet",
        "category": "Image Classification",
        "title": "Gradient-Based Learning Applied to Document Recognition",
        "first_author": "Yann LeCun",
        "year": 1998,
        "venue": "Proc. IEEE",
    },
    {
        "id": "alexnet",
        "name": "AlexNet",
        "category": "Image Classification",
        "aliases": ("SuperVision",),
        "title": "ImageNet Classification with Deep Convolutional Neural Networks",
        "first_author": "Alex Krizhevsky",
        "year": 2012,
        "venue": "NIPS 2012",
        "arxiv": None,
        "paper_url": "https://papers.nips.cc/paper/4824",
    },
    {
        "id": "markup",
        "name": "[bold]x[/]",
        "category": "Image Classification",
        "title": "A name that looks like markup",
        "year": 2020,
    },
    {
        "id": "resnet",
        "name": "ResNet",
        "category": "Image Classification",
        "title": "Deep Residual Learning for Image Recognition",
        "first_author": "Kaiming He",
        "year": 2016,
        "venue": "CVPR 2016",
        "arxiv": "1512.03385",
    },
    {
        "id": "escape",
        "name": "Evil\x1b[31mRed",
        "category": "Image Classification",
        "title": "An escape sequence in a name",
        "paper_url": "javascript:alert(1)",
    },
    {
        "id": "rcnn",
        "name": "R-CNN",
        "category": "Object Detection",
        "title": "Rich feature hierarchies for accurate object detection",
        "first_author": "Ross Girshick",
        "year": 2014,
        "venue": "CVPR 2014",
    },
    {
        "id": "yolo",
        "name": "YOLOv1",
        "category": "Object Detection",
        "aliases": ("YOLO",),
        "title": "You Only Look Once: Unified, Real-Time Object Detection",
        "first_author": "Joseph Redmon",
        "year": 2016,
        "venue": "CVPR 2016",
    },
)


def build_db(
    path: Path, *, categories: tuple[str, ...], papers: tuple[dict[str, Any], ...]
) -> Database:
    from tracker.store.catalog_sync import ensure_categories, insert_papers

    db = open_database(path)
    rows = []
    for position, paper in enumerate(papers):
        row = {
            "aliases": (),
            "title": None,
            "first_author": None,
            "year": None,
            "venue": None,
            "arxiv": None,
            "paper_url": None,
            "listed_under": None,
            "review_url": f"https://reviews.example.org/{paper['id']}",
            **paper,
            "position": position,
        }
        rows.append(row)
    with db.write() as conn:
        ensure_categories(conn, categories)
        insert_papers(conn, rows)
    return db


def at(moment: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tracker.clock.now", lambda: moment)


def seed_history(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """ResNet reviewed (rated, with notes) nine days ago, R-CNN three weeks ago, AlexNet being
    read since yesterday; all from the CLI, so the TUI's undo has nothing of its own yet."""
    from tracker.services import progress

    at(NOW - timedelta(days=12), monkeypatch)
    progress.update(db, ["resnet"], status="reading", source="cli")
    at(NOW - timedelta(days=9), monkeypatch)
    progress.update(
        db,
        ["resnet"],
        status="reviewed",
        rating=5,
        notes="Residual blocks make **depth** trainable.\n\n- identity shortcuts\n- [bold]x[/]",
        source="cli",
    )
    at(NOW - timedelta(days=21), monkeypatch)
    progress.update(db, ["rcnn"], status="reviewed", rating=3, source="cli")
    at(NOW - timedelta(days=1), monkeypatch)
    progress.update(db, ["alexnet"], status="reading", source="cli")
    at(NOW, monkeypatch)


async def settle(pilot: Pilot[Any], rounds: int = 4) -> None:
    """Let workers finish and their messages land (results can start further workers)."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            break


def paper(db: Database, paper_id: str) -> PaperView:
    """A paper as the database has it now, read through the services."""
    from tracker.services import browse

    (found,) = browse.papers(db, [paper_id])
    return found
