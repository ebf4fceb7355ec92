"""Heading sections: category names from headings, and a paper written as a whole section."""

from __future__ import annotations

import re
import unicodedata

from tracker.catalog.markdown.authors import first_author
from tracker.catalog.markdown.blocks import Block, item_pieces
from tracker.catalog.markdown.entries import Draft, bold_only
from tracker.catalog.markdown.inline import (
    CATEGORY_LIMIT,
    PDF_LABELS,
    TITLE_LIMIT,
    Piece,
    clean,
    is_http,
    named_links,
    parse_inline,
    plain,
)

_NUMBERING = re.compile(r"^\s*#?\d{1,2}(?:\.\d{1,2})*[.)]?\s+(?=\S)")
_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")
# `pdf:` / `code` heading a bullet of links (the colon is sometimes forgotten).
_FIELD_LABEL = re.compile(r"\s*([A-Za-z][\w .-]{0,20}?)\s*:?\s*")


def clean_heading(text: str) -> str:
    """`1.2 **Survey** :star:` -> `Survey`; a bare `2014` stays."""
    text = _SHORTCODE.sub(" ", text)
    text = "".join(ch for ch in text if not _is_symbol(ch))
    text = _NUMBERING.sub("", text, count=1)
    return clean(text.strip(" \t:–—-"), CATEGORY_LIMIT)


def _is_symbol(char: str) -> bool:
    """Emoji and pictographs (Unicode `So`), which headings use as decoration."""
    return unicodedata.category(char) == "So"


def section_end(blocks: list[Block], start: int) -> int:
    end = start + 1
    while end < len(blocks) and blocks[end].kind != "heading":
        end += 1
    return end


def paper_section(
    name: str, line: int, section: list[Block], env: dict[str, object]
) -> Draft | None:
    """`### ResNet` + bold title line + author line + `- pdf: url` / `- code: url` bullets."""
    items = [block for block in section if block.kind == "item"]
    if not items:
        return None
    fields: dict[str, Piece] = {}
    for item in items:
        pieces = item_pieces(item, env)
        links = [piece for piece in named_links(pieces) if is_http(piece.href)]
        label = _FIELD_LABEL.fullmatch(plain(pieces[: pieces.index(links[0])])) if links else None
        if label is None:
            return None  # an ordinary list, not a paper's link bullets
        fields.setdefault(label[1].lower(), links[0])
    pdf = next((fields[key] for key in fields if key in PDF_LABELS), None)
    if pdf is None:
        return None
    draft = Draft(clean_heading(name), pdf.href, line)
    paragraph = next((block for block in section if block.kind == "para"), None)
    if paragraph is not None:
        _fill_title_block(draft, parse_inline(paragraph.src, env))
    return draft


def _fill_title_block(draft: Draft, pieces: list[Piece]) -> None:
    """First line bold title (or a bold author list), second line authors."""
    lines: list[list[Piece]] = [[]]
    for piece in pieces:
        if piece.kind == "break":
            lines.append([])
        elif piece.kind != "html":
            lines[-1].append(piece)
    bold = bold_only(lines[0])
    authors = plain(lines[1]) if len(lines) > 1 else ""
    if bold is None and authors.strip():  # an unformatted title line above the authors
        bold = plain(lines[0]).strip() or None
    if bold is not None and _looks_like_authors(bold):
        bold, authors = None, bold
    if bold is not None:
        draft.title = clean(bold.strip().rstrip("."), TITLE_LIMIT) or None
    draft.first_author = first_author(authors) if authors.strip() else None


def _looks_like_authors(text: str) -> bool:
    parts = [part.strip() for part in text.split(",")]
    return (
        len(parts) >= 3
        and ":" not in text
        and all(0 < len(part.split()) <= 4 and part[:1].isupper() for part in parts)
    )
