"""The export reader: reads tracker's own Markdown export back exactly, progress included."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tracker.catalog.markdown.blocks import Block
from tracker.catalog.markdown.entries import Draft
from tracker.catalog.markdown.export_format import (
    AUTHOR_PREFIX,
    CELL_SEPARATOR,
    PAPER_LINK_TEXT,
    VENUE_PREFIX,
    id_from_comment,
)
from tracker.catalog.markdown.inline import Piece, parse_inline, plain
from tracker.catalog.markdown.reader import catalog_paper
from tracker.catalog.model import Catalog, CatalogPaper
from tracker.domain import MAX_RATING, Progress, Status, slugify, unique_id


@dataclass(slots=True)
class _ExportPaper:
    draft: Draft
    paper_id: str | None
    progress: Progress


def read_export(blocks: list[Block], env: dict[str, object]) -> list[_ExportPaper]:
    """Exact reader for `render_markdown` output: `##` categories, one task item per paper."""
    papers: list[_ExportPaper] = []
    by_item: dict[int, _ExportPaper] = {}
    notes: dict[int, list[str]] = {}
    category = ""
    for block in blocks:
        if block.kind == "heading" and block.level == 2:
            category = plain(parse_inline(block.src, env))
        elif block.kind == "item" and block.item_id not in by_item:
            paper = _export_item(parse_inline(block.src, env), block.line, category)
            if paper is not None:
                by_item[block.item_id] = paper
                papers.append(paper)
        elif block.item_id in by_item and block.kind in ("para", "fence"):
            notes.setdefault(block.item_id, []).append(_note_text(block, env))
    for item_id, paper in by_item.items():
        if item_id in notes:
            paper.progress = replace(paper.progress, notes="\n\n".join(notes[item_id]))
    return papers


def _note_text(block: Block, env: dict[str, object]) -> str:
    if block.kind == "fence":
        return block.src[:-1] if block.src.endswith("\n") else block.src
    return plain(parse_inline(block.src, env))


def _cells(pieces: list[Piece]) -> list[list[list[Piece]]]:
    """Lines of cells: split at breaks and at separators written as plain (unescaped) text."""
    lines: list[list[list[Piece]]] = [[[]]]
    for piece in pieces:
        if piece.kind == "break":
            lines.append([[]])
            continue
        plain_text = piece.kind == "text" and not (piece.special or piece.strong or piece.em)
        if not plain_text or CELL_SEPARATOR not in piece.text:
            lines[-1][-1].append(piece)
            continue
        parts = piece.text.split(CELL_SEPARATOR)
        for number, part in enumerate(parts):
            if number:
                lines[-1].append([])
            if part:
                lines[-1][-1].append(replace(piece, text=part))
    return [[_trim_cell(cell) for cell in line] for line in lines]


def _trim_cell(cell: list[Piece]) -> list[Piece]:
    """Drop the literal spaces around a field (the writer turns a field's own into entities)."""
    trimmed: list[Piece] = []
    for index, piece in enumerate(cell):
        if piece.kind == "text" and not (piece.special or piece.strong or piece.em):
            text = piece.text.lstrip() if index == 0 else piece.text
            text = text.rstrip() if index == len(cell) - 1 else text
            piece = replace(piece, text=text)
        if piece.text or piece.kind != "text":
            trimmed.append(piece)
    return trimmed


def _export_item(pieces: list[Piece], line: int, category: str) -> _ExportPaper | None:
    status, pieces = _checkbox(pieces)
    ids = [
        paper_id
        for piece in pieces
        if piece.kind == "html" and (paper_id := id_from_comment(piece.text)) is not None
    ]
    lines = _cells([piece for piece in pieces if piece.kind != "html"])
    name_cell = lines[0][0]
    link = next((piece for piece in name_cell if piece.kind == "link"), None)
    name = link.text if link is not None else plain(name_cell)
    if not name and not ids:
        return None
    draft = Draft(name, link.href if link is not None else "", line, category=category)
    rating: int | None = None
    for cell in lines[0][1:]:
        rating, status = _summary_cell(cell, draft, rating, status)
    for cell in (cell for other in lines[1:] for cell in other):
        _detail_cell(cell, draft)
    progress = Progress(status=status, rating=rating)
    return _ExportPaper(draft, ids[0] if ids else None, progress)


def _checkbox(pieces: list[Piece]) -> tuple[Status, list[Piece]]:
    if not pieces or pieces[0].kind != "text":
        return Status.UNREAD, pieces
    match = re.match(r"\s*\[([ xX])\]\s?", pieces[0].text)
    if match is None:
        return Status.UNREAD, pieces
    rest = replace(pieces[0], text=pieces[0].text[match.end() :])
    status = Status.REVIEWED if match[1] in "xX" else Status.UNREAD
    return status, ([rest] if rest.text else []) + pieces[1:]


def _summary_cell(
    cell: list[Piece], draft: Draft, rating: int | None, status: Status
) -> tuple[int | None, Status]:
    """A field of the first line: stars, status word, paper link or link health."""
    text = plain(cell).strip()
    if text and set(text) <= {"★", "☆"}:
        return min(text.count("★"), MAX_RATING) or None, status
    if cell and all(piece.em for piece in cell) and status is Status.UNREAD:
        word = text.casefold()
        if word in (Status.READING.value, Status.SKIPPED.value):
            return rating, Status(word)
    if len(cell) == 1 and cell[0].kind == "link" and cell[0].text == PAPER_LINK_TEXT:
        draft.paper_url = cell[0].href
    return rating, status


def _detail_cell(cell: list[Piece], draft: Draft) -> None:
    """A field of the second line: *title*, `by` author, `in` venue, year."""
    text = plain(cell)
    if cell and all(piece.em for piece in cell):
        draft.title = text
    elif text.startswith(AUTHOR_PREFIX):
        draft.first_author = text[len(AUTHOR_PREFIX) :]
    elif text.startswith(VENUE_PREFIX):
        draft.venue = text[len(VENUE_PREFIX) :]
    elif re.fullmatch(r"[0-9]{1,9}", text.strip()):
        draft.year = int(text.strip())


def export_catalog(papers: list[_ExportPaper]) -> Catalog:
    catalog_papers: list[CatalogPaper] = []
    categories: dict[str, None] = {}
    taken: set[str] = set()
    for paper in papers:
        draft = paper.draft
        category = draft.category or "Uncategorized"
        paper_id = unique_id(paper.paper_id or slugify(draft.name), taken)
        built = catalog_paper(replace(draft, category=category), paper_id, paper.progress)
        catalog_papers.append(built)
        categories.setdefault(category, None)
    return Catalog(categories=list(categories), papers=catalog_papers, kind="export")
