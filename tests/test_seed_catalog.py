"""The packaged catalog: complete, valid, and shipped inside the package."""

from __future__ import annotations

from tracker.catalog.yaml_catalog import load_yaml_catalog
from tracker.paths import packaged_catalog

CATEGORIES = [
    "Image Classification",
    "Object Detection",
    "Semantic Segmentation",
    "Biomedical Image Segmentation",
    "Instance Segmentation",
]


def test_seed_has_all_45_reviews_in_list_order() -> None:
    catalog = load_yaml_catalog(packaged_catalog())
    assert catalog.categories == CATEGORIES
    assert len(catalog.papers) == 45
    counts = {c: sum(p.category == c for p in catalog.papers) for c in CATEGORIES}
    assert counts == {
        "Image Classification": 24,
        "Object Detection": 9,
        "Semantic Segmentation": 6,
        "Biomedical Image Segmentation": 4,
        "Instance Segmentation": 2,
    }
    assert catalog.papers[0].id == "lenet"


def test_sharpmask_moved_to_instance_segmentation_with_provenance() -> None:
    papers = {p.id: p for p in load_yaml_catalog(packaged_catalog()).papers}
    sharpmask = next(p for p in papers.values() if "SharpMask" in (p.name, *p.aliases))
    assert sharpmask.category == "Instance Segmentation"
    assert sharpmask.listed_under == "Image Classification"
    assert "instance-segmentation" in sharpmask.review_url


def test_compound_names_have_aliases_and_verified_facts() -> None:
    papers = {p.name: p for p in load_yaml_catalog(packaged_catalog()).papers}
    googlenet = papers["GoogLeNet / Inception-v1"]
    assert set(googlenet.aliases) >= {"GoogLeNet", "Inception-v1"}
    assert googlenet.title == "Going Deeper with Convolutions"
    assert googlenet.year == 2015
    assert googlenet.arxiv == "1409.4842"
    assert "YOLO9000" in papers["YOLOv2 / YOLO9000"].aliases


def test_unverified_entries_carry_no_facts() -> None:
    papers = {p.name: p for p in load_yaml_catalog(packaged_catalog()).papers}
    for name in ("RoR", "Trimps-Soushen"):
        p = papers[name]
        assert (p.title, p.first_author, p.year, p.venue, p.arxiv) == (None,) * 5
