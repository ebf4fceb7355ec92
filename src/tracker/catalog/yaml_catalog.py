"""Load and validate a catalog YAML file (see README, "Catalog format").

Fast path: PyYAML's C loader builds plain Python objects with no position information.
Only when validation fails do we re-compose the document to find the offending line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tracker.catalog.model import Catalog, CatalogError, CatalogPaper
from tracker.catalog.validate import Validator, check_unique

try:  # the C loader is ~10x faster; fall back to pure Python where libyaml is missing
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader  # type: ignore[assignment]

MAX_BYTES = 256 * 1024 * 1024
TOP_KEYS = frozenset({"categories", "papers"})


def read_text(path: Path, *, source: str | None = None) -> str:
    """Read a UTF-8 text file; errors name the file (and line, for bad encoding)."""
    source = source or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CatalogError(f"file is {size // 2**20} MB; the limit is 256 MB", source=source)
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError("no such file", source=source) from None
    except IsADirectoryError:
        raise CatalogError("is a directory, not a file", source=source) from None
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", source=source) from None
    return decode(data, source)


def decode(data: bytes, source: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CatalogError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            source=source,
            line=line,
        ) from None
    if not text.strip():
        raise CatalogError("file is empty", source=source)
    return text


def parse_yaml_catalog(text: str, source: str) -> Catalog:
    try:
        doc = yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source) from None
    except RecursionError:
        raise CatalogError("YAML is nested too deeply", source=source) from None
    _reject_aliases(doc, source, text)
    v = Validator(source, _Locator(text))
    if not isinstance(doc, dict):
        raise v.fail((), "a catalog must be a mapping with 'categories' and 'papers'")
    for key in doc:
        if key not in TOP_KEYS:
            raise v.fail((key,), f"unknown top-level key '{key}' (expected categories, papers)")
    categories = v.categories(doc.get("categories"), ("categories",))
    raw_papers = doc.get("papers")
    if not isinstance(raw_papers, list):
        raise v.fail(("papers",), "papers must be a list")
    papers: list[CatalogPaper] = [
        v.paper(raw, ("papers", i), categories) for i, raw in enumerate(raw_papers)
    ]
    check_unique(papers, v)
    return Catalog(categories=categories, papers=papers, source=source, kind="catalog")


def load_yaml_catalog(path: Path, source: str | None = None) -> Catalog:
    source = source or str(path)
    return parse_yaml_catalog(read_text(path, source=source), source)


def _yaml_error(exc: yaml.YAMLError, source: str) -> CatalogError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    from tracker.catalog.text import printable

    return CatalogError(
        f"malformed YAML: {printable(str(problem), 120)}",
        source=source,
        line=mark.line + 1 if mark is not None else None,
    )


def _reject_aliases(doc: Any, source: str, text: str) -> None:
    """Refuse YAML anchors/aliases: a catalog never needs them and they enable alias bombs.

    PyYAML shares aliased objects instead of copying them, so we detect a container seen twice;
    the walk visits each distinct object once, so an alias bomb costs nothing here.
    """
    seen: set[int] = set()
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict | list):
            if id(node) in seen:
                line = _first_alias_line(text)
                raise CatalogError(
                    "YAML aliases (*name) are not allowed in a catalog", source=source, line=line
                )
            seen.add(id(node))
            stack.extend(node.values() if isinstance(node, dict) else node)


def _first_alias_line(text: str) -> int | None:
    try:
        for token in yaml.scan(text, Loader=SafeLoader):
            if isinstance(token, yaml.AliasToken):
                return token.start_mark.line + 1
    except yaml.YAMLError:
        return None
    return None


class _Locator:
    """Finds the line of a document path by composing the YAML again (only on errors)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._root: yaml.Node | None = None

    def __call__(self, path: tuple[Any, ...]) -> int | None:
        if self._root is None:
            try:
                self._root = yaml.compose(self.text, Loader=SafeLoader)
            except yaml.YAMLError:
                return None
        node = self._root
        line = node.start_mark.line + 1 if node is not None else None
        for step in path:
            child = _child(node, step)
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return line


def _child(node: yaml.Node | None, step: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == step:
                # Point at the key for unknown-key errors, the value otherwise (same line mostly).
                return value
    elif (
        isinstance(node, yaml.SequenceNode)
        and isinstance(step, int)
        and 0 <= step < len(node.value)
    ):
        return node.value[step]
    return None
