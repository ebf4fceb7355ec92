"""The TUI's read API (`tracker.services.browse`): view specs, order snapshots, details."""

from __future__ import annotations

import dataclasses

import pytest

from tracker.domain import Status
from tracker.services import browse
from tracker.services.browse import ViewSpec
from tracker.store.database import Database


def test_view_spec_defaults_to_all_in_catalog_order() -> None:
    view = ViewSpec()
    assert view.is_all
    assert (view.sort, view.needle) == ("catalog", "")
    assert view.describe() == "All papers"


def test_view_spec_is_immutable_and_derives_new_views() -> None:
    view = ViewSpec("Object Detection")
    sorted_view = view.with_sort("year").with_filter("  yolo ")
    assert view == ViewSpec("Object Detection")
    assert sorted_view == ViewSpec("Object Detection", "year", "  yolo ")
    assert sorted_view.needle == "yolo"
    assert sorted_view.with_category(None).describe() == 'All papers · by year · matching "yolo"'
    assert sorted_view.describe(with_category=False) == 'by year · matching "yolo"'
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.sort = "name"  # type: ignore[misc]


def test_view_spec_rejects_unknown_sorts() -> None:
    with pytest.raises(ValueError, match="unknown sort"):
        ViewSpec(sort="colour")


def test_view_spec_caps_the_filter() -> None:
    assert len(ViewSpec(filter_text="x" * 1000).needle) == browse.MAX_FILTER


def test_sort_keys_match_the_store() -> None:
    from tracker.store.papers import SORTS

    assert set(browse.SORT_KEYS) == set(SORTS)
    assert set(browse.SORT_LABELS) == set(SORTS)


def test_status_cycle() -> None:
    assert browse.next_status(Status.UNREAD) is Status.READING
    assert browse.next_status(Status.READING) is Status.REVIEWED
    assert browse.next_status(Status.REVIEWED) is Status.UNREAD
    assert browse.next_status(Status.SKIPPED) is Status.UNREAD


def test_ordered_ids_per_category_sort_and_filter(tui_db: Database) -> None:
    ic = ViewSpec("Image Classification")
    assert browse.ordered_ids(tui_db, ic) == ["lenet", "alexnet", "markup", "resnet", "escape"]
    assert browse.ordered_ids(tui_db, ic.with_sort("rating"))[0] == "resnet"
    assert browse.ordered_ids(tui_db, ic.with_sort("year"))[-1] == "escape"  # no year: last
    assert browse.ordered_ids(tui_db, ViewSpec("Empty Category")) == []
    assert len(browse.ordered_ids(tui_db, ViewSpec())) == 7
    # name, alias and title, case-insensitively; LIKE wildcards are literal
    assert browse.ordered_ids(tui_db, ViewSpec(filter_text="RESNET")) == ["resnet"]
    assert browse.ordered_ids(tui_db, ViewSpec(filter_text="yolo")) == ["yolo"]
    assert browse.ordered_ids(tui_db, ViewSpec(filter_text="real-time")) == ["yolo"]
    assert browse.ordered_ids(tui_db, ViewSpec(filter_text="%")) == []
    assert browse.ordered_ids(tui_db, ViewSpec(filter_text="[bold]")) == ["markup"]


def test_papers_keeps_the_order_asked_for_and_drops_missing(tui_db: Database) -> None:
    got = browse.papers(tui_db, ["yolo", "gone", "lenet"])
    assert [p.id for p in got] == ["yolo", "lenet"]
    assert browse.papers(tui_db, []) == []


def test_detail_has_history_newest_first_and_links(tui_db: Database) -> None:
    detail = browse.detail(tui_db, "resnet")
    assert detail is not None
    assert detail.paper.rating == 5
    assert detail.history[0].field in {"status", "rating", "notes", "finished_at"}
    assert [s.kind for s in detail.links] == ["review", "paper"]
    assert all(s.verdict is None for s in detail.links)
    assert browse.detail(tui_db, "nope") is None


def test_overview_counts(tui_db: Database) -> None:
    o = browse.overview(tui_db)
    assert o.category_names == ["Image Classification", "Object Detection", "Empty Category"]
    assert (o.overall.reviewed, o.overall.reading, o.overall.total) == (2, 1, 7)
    assert len(o.finished_per_week) == 12


def test_change_token_moves_on_any_commit(tui_db: Database) -> None:
    from tracker.services import progress

    before = browse.change_token(tui_db)
    assert browse.change_token(tui_db) == before
    progress.update(tui_db, ["lenet"], rating=1, source="cli")
    assert browse.change_token(tui_db) != before


def test_save_notes_reports_a_concurrent_edit(tui_db: Database) -> None:
    from tracker.services import progress

    saved = browse.save_notes(tui_db, "lenet", "mine", base="")
    assert not saved.overwrote_other_edit
    progress.update(tui_db, ["lenet"], notes="theirs", source="cli")
    saved = browse.save_notes(tui_db, "lenet", "mine again", base="mine")
    assert saved.overwrote_other_edit
    assert saved.papers[0].notes == "mine again"


def test_find_papers(tui_db: Database) -> None:
    assert [p.id for p in browse.find_papers(tui_db, "net")] == ["lenet", "alexnet", "resnet"]
    assert browse.find_papers(tui_db, "  ") == []
