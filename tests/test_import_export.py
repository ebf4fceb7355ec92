"""import / export: idempotent imports, progress never clobbered, exact round trips."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import Cli, snapshot_db
from tracker.catalog.yaml_catalog import load_yaml_catalog
from tracker.paths import packaged_catalog


def source_style_markdown() -> str:
    """Our seed rendered in the source list's shape: a heading per category and one bold
    paragraph of `[[Name](url)]` links (SharpMask back under Image Classification, bare)."""
    catalog = load_yaml_catalog(packaged_catalog())
    parts = ["### Paper reviews", ""]
    for category in catalog.categories:
        links = []
        for p in catalog.papers:
            if p.listed_under == category:
                continue
            if p.category == category:
                links.append(f"[[{p.name}]({p.review_url})]")
        if category == "Image Classification":
            moved = next(p for p in catalog.papers if p.listed_under)
            links.append(f"[{moved.name}]({moved.review_url})")
        parts += [f"### **{category}**", "", "**" + " ".join(links) + "**", ""]
    return "\n".join(parts)


def test_reimporting_the_packaged_catalog_changes_nothing(cli: Cli, db_path: Path) -> None:
    cli("mark", "resnet")
    before = snapshot_db(db_path)
    report = cli.json("import", "--json")
    assert report["summary"]["added"] == 0  # type: ignore[index]
    assert report["summary"]["updated"] == 0  # type: ignore[index]
    assert report["summary"]["unchanged"] == 45  # type: ignore[index]
    after = snapshot_db(db_path)
    # only the last-import timestamp in meta may differ
    strip = lambda s: [ln for ln in s.splitlines() if "last_import" not in ln]  # noqa: E731
    assert strip(after) == strip(before)


def test_yaml_then_source_markdown_adds_nothing(
    cli: Cli, write_file: Callable[[str, str], Path]
) -> None:
    pytest.importorskip("tracker.catalog.markdown")
    cli("mark", "sharpmask")
    md = write_file("list.md", source_style_markdown())
    report = cli.json("import", str(md), "--json")
    assert report["summary"]["added"] == 0, report  # type: ignore[index]
    assert report["summary"]["updated"] == 0, report  # type: ignore[index]
    sharp = cli.json("show", "sharpmask", "--json")
    assert sharp["category"] == "Instance Segmentation"  # type: ignore[index]
    assert sharp["status"] == "reviewed"  # type: ignore[index]


def test_catalog_update_reports_fields_and_never_touches_progress(
    cli: Cli, write_file: Callable[[str, str], Path], db_path: Path
) -> None:
    cli("mark", "resnet")
    cli("rate", "resnet", "5")
    cli("note", "resnet", "keep me")
    doc = yaml.safe_load(packaged_catalog().read_text())
    for p in doc["papers"]:
        if p["id"] == "resnet":
            p["name"] = "ResNet (He et al.)"
            p["venue"] = "CVPR"
    doc["papers"] = [p for p in doc["papers"] if p["id"] != "lenet"]
    doc["categories"].append("Generative Models")
    doc["papers"].append(
        {
            "id": "gan",
            "name": "GAN",
            "category": "Generative Models",
            "review_url": "https://example.org/gan",
        }
    )
    path = write_file("new.yaml", yaml.safe_dump(doc, allow_unicode=True))
    before = snapshot_db(db_path)
    dry = cli("import", str(path), "--dry-run")
    assert dry.code == 0
    assert "resnet" in dry.out and "name" in dry.out and "venue" in dry.out
    assert "+ gan" in dry.out and "dry run" in dry.out
    assert snapshot_db(db_path) == before
    report = cli.json("import", str(path), "--json")
    assert report["summary"]["added"] == 1  # type: ignore[index]
    updated = report["updated"]  # type: ignore[index]
    assert updated == [
        {
            "id": "resnet",
            "fields": {
                "name": {"old": "ResNet", "new": "ResNet (He et al.)"},
                "venue": {"old": "CVPR 2016", "new": "CVPR"},
            },
        }
    ]
    assert report["missing_from_source"] == ["lenet"]  # type: ignore[index]
    assert report["backup"] and Path(report["backup"]).exists()  # type: ignore[index]
    resnet = cli.json("show", "resnet", "--json")
    assert (resnet["status"], resnet["rating"], resnet["notes"]) == ("reviewed", 5, "keep me")  # type: ignore[index]
    assert cli.json("show", "lenet", "--json")["name"] == "LeNet"  # type: ignore[index]
    assert cli.json("show", "resnet (he et al.)", "--json")["id"] == "resnet"  # type: ignore[index]


def test_json_backup_restores_everything_into_an_empty_database(cli: Cli, tmp_path: Path) -> None:
    cli("mark", "resnet", "-s", "reading")
    cli("mark", "resnet")
    cli("rate", "resnet", "4")
    cli("note", "densenet", "multi\nline | [b]x[/b] *md*")
    cli("mark", "sharpmask", "-s", "skipped")
    backup = tmp_path / "backup.json"
    assert cli("export", "json", "-o", str(backup)).code == 0
    fresh = Cli(tmp_path / "fresh.db")
    assert fresh("import", str(backup)).code == 0
    again = tmp_path / "again.json"
    assert fresh("export", "json", "-o", str(again)).code == 0
    a = json.loads(backup.read_text())
    b = json.loads(again.read_text())
    a.pop("exported_at")
    b.pop("exported_at")
    assert a == b
    # and importing it twice adds nothing
    report = fresh.json("import", str(backup), "--json")
    assert report["summary"]["progress_restored"] == 0  # type: ignore[index]
    assert report["summary"]["history_restored"] == 0  # type: ignore[index]


def test_csv_export(cli: Cli) -> None:
    cli("rate", "lenet", "2")
    cli("note", "lenet", "=HYPERLINK(evil)")
    rows = list(csv.DictReader(io.StringIO(cli("export", "csv").out)))
    assert len(rows) == 45
    lenet = rows[0]
    assert (lenet["id"], lenet["rating"]) == ("lenet", "2")
    assert lenet["notes"].startswith("'=")  # no formula injection in spreadsheets


def test_export_filters_and_bad_format(cli: Cli) -> None:
    cli("mark", "fcn")
    only = cli.json("export", "json", "--status", "reviewed")
    assert [p["id"] for p in only["papers"]] == ["fcn"]  # type: ignore[index]
    result = cli("export", "pdf")
    assert result.code == 2 and "unknown export format" in result.err


def test_markdown_export_round_trip_restores_progress(cli: Cli, tmp_path: Path) -> None:
    pytest.importorskip("tracker.catalog.markdown")
    cli("mark", "resnet")
    cli("rate", "resnet", "5")
    cli("mark", "fcn", "-s", "reading")
    cli("mark", "sharpmask", "-s", "skipped")
    note = "Idea: identity *shortcuts* | [bold]not markup[/]\n- a list item\n\n> quote ]"
    cli("note", "resnet", note)
    md = cli("export", "md").out
    assert "## Image Classification" in md
    assert "★★★★★" in md
    assert "1/24 reviewed" in md  # SharpMask (skipped) sits under Instance Segmentation
    path = tmp_path / "progress.md"
    path.write_text(md, encoding="utf-8")
    fresh = Cli(tmp_path / "fresh.db")
    assert fresh("import", str(path)).code == 0
    for pid, status, rating, notes in [
        ("resnet", "reviewed", 5, note),
        ("fcn", "reading", None, ""),
        ("sharpmask", "skipped", None, ""),
        ("lenet", "unread", None, ""),
    ]:
        p = fresh.json("show", pid, "--json")
        assert (p["status"], p["rating"], p["notes"]) == (status, rating, notes), pid  # type: ignore[index]


def test_markdown_export_shows_link_health(cli: Cli, db_path: Path) -> None:
    from datetime import UTC, datetime

    from tracker.services.store_access import open_store
    from tracker.store.link_checks import LinkHealth, save_checks

    cli("list")
    db = open_store(db_path)
    with db.write() as conn:
        resnet = cli.json("show", "resnet", "--json")
        save_checks(
            conn,
            [
                LinkHealth(
                    url=resnet["review_url"],  # type: ignore[index]
                    paper_id="resnet",
                    kind="review",
                    verdict="broken",
                    status_code=404,
                    final_url=None,
                    detail="not found",
                    checked_at=datetime(2026, 11, 20, tzinfo=UTC),
                )
            ],
        )
    db.dispose()
    md = cli("export", "md").out
    line = next(ln for ln in md.splitlines() if "id: resnet" in ln)
    assert "review broken 404 (2026-11-20)" in line


def test_link_health_belongs_to_each_paper_sharing_a_url(cli: Cli, db_path: Path) -> None:
    """Two papers citing one URL each keep their own verdict; a URL a paper no longer has is
    not reported for it."""
    from datetime import UTC, datetime

    from tracker.services.store_access import open_store
    from tracker.store.link_checks import LinkHealth, save_checks

    cli("list")
    shared = "https://example.org/shared.pdf"

    def check(pid: str, url: str, verdict: str, day: int) -> LinkHealth:
        return LinkHealth(
            url,
            pid,
            "paper",
            verdict,
            404 if verdict == "broken" else 200,
            None,
            "",
            datetime(2026, 11, day, tzinfo=UTC),
        )

    db = open_store(db_path)
    with db.write() as conn:
        save_checks(
            conn,
            [
                check("lenet", shared, "broken", 20),
                check("alexnet", shared, "ok", 21),
                check("zfnet", "https://example.org/old-url", "broken", 22),
            ],
        )
    db.dispose()
    # lenet and alexnet now cite the shared URL; zfnet's checked URL is no longer its own
    from tracker.store.catalog_sync import update_papers

    db = open_store(db_path)
    with db.write() as conn:
        update_papers(conn, [("lenet", {"paper_url": shared}), ("alexnet", {"paper_url": shared})])
    db.dispose()
    md = cli("export", "md").out
    line = {
        pid: next(ln for ln in md.splitlines() if f"id: {pid} " in ln)
        for pid in ("lenet", "alexnet", "zfnet")
    }
    assert "paper broken 404 (2026-11-20)" in line["lenet"]
    assert "links ok (2026-11-21)" in line["alexnet"]
    assert "broken" not in line["zfnet"]
