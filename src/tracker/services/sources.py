"""Read any import source into a `Catalog`: catalog YAML, Markdown list or export, JSON backup."""

from __future__ import annotations

from pathlib import Path

from tracker.catalog.model import Catalog, CatalogError
from tracker.catalog.yaml_catalog import decode, read_text
from tracker.gcpause import gc_paused
from tracker.paths import packaged_catalog

YAML_SUFFIXES = {".yaml", ".yml"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}


def load_source(path: Path | None) -> Catalog:
    """Parse `path` by its suffix (or content, when the suffix says nothing)."""
    if path is None:
        from tracker.catalog.yaml_catalog import load_yaml_catalog

        return load_yaml_catalog(packaged_catalog(), source="packaged catalog")
    source = str(path)
    text = read_text(path, source=source)
    return parse_source(text, source, path.suffix.lower())


def parse_source(text: str, source: str, suffix: str = "") -> Catalog:
    if suffix in YAML_SUFFIXES:
        return _yaml(text, source)
    if suffix == ".json":
        return _json(text, source)
    if suffix in MARKDOWN_SUFFIXES:
        return _markdown(text, source)
    head = text.lstrip()[:1]
    if head in {"{", "["}:
        return _json(text, source)
    if "papers:" in text and "categories:" in text:
        return _yaml(text, source)
    if head in {"#", "-", "*", "["} or "](http" in text:
        return _markdown(text, source)
    raise CatalogError(
        "cannot tell the format; use a .yaml catalog, a .md reading list or a .json backup",
        source=source,
    )


def parse_bytes(data: bytes, source: str, suffix: str = "") -> Catalog:
    return parse_source(decode(data, source), source, suffix)


def _yaml(text: str, source: str) -> Catalog:
    from tracker.catalog.yaml_catalog import parse_yaml_catalog

    return parse_yaml_catalog(text, source)


def _json(text: str, source: str) -> Catalog:
    from tracker.catalog.backup_json import parse_backup

    return parse_backup(text, source)


def _markdown(text: str, source: str) -> Catalog:
    from tracker.catalog.markdown import parse_markdown

    with gc_paused():
        catalog = parse_markdown(text, source)
    if catalog.kind == "catalog":
        catalog.kind = "list"  # made-up ids: match existing papers by review URL only
    return catalog
