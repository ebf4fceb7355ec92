"""Load and validate a catalog YAML file (see README, "Catalog format").

Fast path: PyYAML's C loader builds plain Python objects with no position information.
Only when validation fails do we re-compose the document to find the offending line.

Large catalogs (measured by `python -m benchmarks`): PyYAML first composes a node graph of the
whole document (a node and two marks per scalar) and only then builds objects, so a
100,000-entry catalog held ~850 MB of nodes, and Python's cyclic GC kept rescanning that
growing heap (two thirds of the load time). So the loader (1) runs with the cyclic GC paused
(the loader creates no reference cycles; reference counting still frees everything) and
(2) loads a big `papers:` list in pieces of `PIECE_ITEMS` entries, so only one piece's nodes
are alive at a time. Pieces are cut only at entry boundaries of the block sequence, and any
doubt (an error in any piece, directives, an unusual layout) falls back to loading the whole
document, which then reports errors with their real line numbers.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import yaml

from tracker.catalog.model import Catalog, CatalogError, CatalogPaper
from tracker.catalog.validate import Validator, check_unique
from tracker.gcpause import gc_paused

try:  # the C loader is ~10x faster; fall back to pure Python where libyaml is missing
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader  # type: ignore[assignment]

_STR_TAG = "tag:yaml.org,2002:str"


class _CatalogLoader(SafeLoader):  # type: ignore[misc, valid-type]
    """The safe loader with a shortcut for strings, nearly every scalar of a catalog.

    PyYAML builds each string through four Python calls (`construct_object` ->
    `construct_yaml_str` -> two `construct_scalar`s) that end in `node.value`; returning it
    directly gives the same object and took ~15% off loading 100,000 entries.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node.tag == _STR_TAG and type(node) is yaml.ScalarNode:
            return node.value
        return super().construct_object(node, deep)


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
    doc = load_document(text, source)
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


# Documents at least this long are loaded in pieces (small ones gain nothing from it).
PIECES_FROM_CHARS = 256 * 1024
PIECE_ITEMS = 1000
_PAPERS_KEY = re.compile(r"^papers[ \t]*:[ \t]*(?:#[^\r\n]*)?\r?$", re.MULTILINE)
_FIRST_CONTENT = re.compile(r"^( *)[^ \t\r\n#]", re.MULTILINE)


# PyYAML's constructors let plain Python errors escape for values such as `2020-13-45`,
# `!!int abc` or a bare `!!float`; for the user these are malformed YAML like any other.
_CONSTRUCTOR_ERRORS = (ValueError, TypeError, AttributeError, LookupError, ArithmeticError)


def load_document(text: str, source: str) -> Any:
    """The YAML document as plain Python objects; errors become one-line `CatalogError`s."""
    if len(text) >= PIECES_FROM_CHARS:
        doc = _load_in_pieces(text)
        if doc is not None:
            return doc
    try:
        with gc_paused():
            return yaml.load(text, Loader=_CatalogLoader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source) from None
    except RecursionError:
        raise CatalogError("YAML is nested too deeply", source=source) from None
    except _CONSTRUCTOR_ERRORS as exc:
        raise CatalogError(f"malformed YAML value: {_one_line(exc)}", source=source) from None


def _one_line(exc: Exception) -> str:
    from tracker.catalog.text import printable

    return printable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, 120)


def _load_in_pieces(text: str, piece_items: int = PIECE_ITEMS) -> dict[str, Any] | None:
    """Load `text` piecewise; None when the layout is not one we can cut safely, or any piece
    fails (the caller then loads the whole document and reports errors precisely)."""
    split = split_papers(text, piece_items)
    if split is None:
        return None
    head, pieces = split
    papers: list[Any] = []
    try:
        with gc_paused():
            doc = yaml.load(head, Loader=_CatalogLoader)
            if not isinstance(doc, dict) or doc.get("papers") != []:
                return None
            for piece in pieces:
                items = yaml.load(piece, Loader=_CatalogLoader)
                if not isinstance(items, list):
                    return None
                papers.extend(items)
    except (yaml.YAMLError, RecursionError, *_CONSTRUCTOR_ERRORS):
        return None
    doc["papers"] = papers
    return doc


def split_papers(text: str, piece_items: int = PIECE_ITEMS) -> tuple[str, list[str]] | None:
    """Cut a catalog into a head (with `papers: []` in place of the list) and pieces of the
    top-level block sequence `papers:`, each piece a run of whole entries.

    Why the cut is safe: an entry of a block sequence at indentation d starts with `-` at
    column d, and no scalar or nested node of an entry can hold a line at column <= d except
    multi-line quoted scalars and flow collections. Cutting inside one of those leaves a piece
    with an unterminated quote or bracket, which fails to load, and we fall back.
    """
    if text.startswith("%") or "\n%" in text:
        return None  # directives (%TAG) would change how the pieces parse
    keys = list(_PAPERS_KEY.finditer(text))
    if len(keys) != 1:
        return None
    key = keys[0]
    first = _FIRST_CONTENT.search(text, key.end())
    if first is None or not _is_entry(text, first.end() - 1):
        return None  # `papers:` is empty, a flow list, or not a block sequence
    indent = len(first.group(1))
    lead = " " * indent
    entry = re.compile(rf"^{lead}-(?=[ \t]|\r?$)", re.MULTILINE)
    # The list ends at the first line that is neither an entry nor indented past the entries
    # (comments and blank lines belong to whatever surrounds them).
    end_re = re.compile(
        rf"^(?: {{0,{max(indent - 1, 0)}}}[^ \r\n#]| {{{indent}}}(?:[^ \r\n#-]|-[^ \t\r\n]))"
        if indent
        else r"^(?:[^ \r\n#-]|-[^ \t\r\n])",
        re.MULTILINE,
    )
    start = first.start()
    stop_match = end_re.search(text, start + 1)
    stop = stop_match.start() if stop_match else len(text)
    starts = [m.start() for m in entry.finditer(text, start, stop)]
    bounds = [*starts[::piece_items], stop]
    pieces = [text[a:b] for a, b in itertools.pairwise(bounds)]
    head = text[: key.start()] + "papers: []\n" + text[stop:]
    return head, pieces


def _is_entry(text: str, dash: int) -> bool:
    return text.startswith("-", dash) and text[dash + 1 : dash + 2] in {"", " ", "\t", "\n", "\r"}


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
