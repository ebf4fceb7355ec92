"""The catalog reader: walks the blocks of an ordinary reading list and builds `CatalogPaper`s."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from tracker.catalog.markdown.blocks import Block, item_pieces
from tracker.catalog.markdown.entries import (
    Draft,
    bold_only,
    citation_marker,
    draft_from_citation,
    draft_from_item,
    draft_from_links,
    drafts_from_link_run,
    link_run,
)
from tracker.catalog.markdown.inline import (
    CATEGORY_LIMIT,
    PDF_LABELS,
    Piece,
    clean,
    is_http,
    link_label,
    named_links,
    parse_inline,
    plain,
)
from tracker.catalog.markdown.sections import clean_heading, paper_section, section_end
from tracker.catalog.model import Catalog, CatalogPaper
from tracker.domain import Progress, slugify, unique_id

# Whole headings of sections whose links are never papers.
_BOILERPLATE = re.compile(
    r"(?:table of contents|contents|toc|licen[cs]e|contributing|contributors?|"
    r"contribution guidelines?|acknowledge?ments?|contact(?: (?:&|and) feedback)?|feedback|"
    r"update log|change ?log|news|citation|how to cite|cite|sponsors?|star history)",
    re.IGNORECASE,
)
_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)
_LENIENT_HEADING = re.compile(r"(#{1,6})(?=\d)(.+)")


@dataclass(slots=True)
class Reader:
    """Walks the blocks of an ordinary reading list, collecting drafts per category."""

    blocks: list[Block]
    env: dict[str, object]
    fallback: str
    category: str = ""
    drafts: list[Draft] = field(default_factory=list)
    tables_of_contents: dict[int, bool] = field(default_factory=dict)
    list_items: dict[int, list[Block]] = field(default_factory=dict)

    def read(self) -> list[Draft]:
        index = 0
        while index < len(self.blocks):
            index = self._step(index)
        return self.drafts

    def _step(self, index: int) -> int:
        block = self.blocks[index]
        if block.kind == "heading":
            return self._heading(index)
        lenient = _LENIENT_HEADING.fullmatch(block.src) if block.kind == "para" else None
        if lenient is not None and block.item_id == -1:
            # `#2 Deep Learning Method`: a heading with the space forgotten.
            self.blocks[index] = replace(
                block, kind="heading", level=len(lenient[1]), src=lenient[2]
            )
            return self._heading(index)
        if block.kind == "item":
            self._item(index)
        elif block.kind == "para":
            self._paragraph(index)
        return index + 1

    def _heading(self, index: int) -> int:
        text = plain(parse_inline(self.blocks[index].src, self.env))
        end = section_end(self.blocks, index)
        if not text.strip():
            return index + 1  # `##` used as a separator
        if _BOILERPLATE.fullmatch(clean_heading(text)):
            return end
        line = self.blocks[index].line
        draft = paper_section(text, line, self.blocks[index + 1 : end], self.env)
        if draft is not None:
            self._add(draft)
            return end
        self.category = clean_heading(text) or self.category
        return index + 1

    def _item(self, index: int) -> None:
        block = self.blocks[index]
        if self._in_table_of_contents(block):
            return
        if block.fast_links is not None:
            self._add(draft_from_links(block.fast_links, block.line))
            return
        pieces = item_pieces(block, self.env)
        draft = draft_from_item(pieces, block.line)
        if draft is not None:
            self._add(draft)
        else:
            self._maybe_label(index, pieces)

    def _paragraph(self, index: int) -> None:
        block = self.blocks[index]
        pieces = parse_inline(block.src, self.env)
        links = link_run(pieces)
        if links is not None:
            for draft in drafts_from_link_run(pieces, links, block.line):
                self._add(draft)
            return
        if citation_marker(pieces) is not None:
            self._add_optional(draft_from_citation(pieces, block.line))
        elif any(link_label(p.text) in PDF_LABELS for p in named_links(pieces) if is_http(p.href)):
            self._add_optional(draft_from_item(pieces, block.line))
        else:
            self._maybe_label(index, pieces)

    def _maybe_label(self, index: int, pieces: list[Piece]) -> None:
        """`- **Category**` followed by a paragraph of links names that paragraph's category."""
        label = bold_only(pieces)
        following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        if label is None or following is None or following.kind != "para":
            return
        if link_run(parse_inline(following.src, self.env)) is not None:
            self.category = clean_heading(label) or self.category

    def _in_table_of_contents(self, block: Block) -> bool:
        """A list whose every link points at a `#fragment` is a table of contents."""
        known = self.tables_of_contents.get(block.list_id)
        if known is None:
            known = self._list_is_toc(block.list_id)
            self.tables_of_contents[block.list_id] = known
        return known

    def _list_is_toc(self, list_id: int) -> bool:
        if not self.list_items:
            for candidate in self.blocks:
                if candidate.kind == "item":
                    self.list_items.setdefault(candidate.list_id, []).append(candidate)
        seen_link = False
        for block in self.list_items[list_id]:
            hrefs = [href for _, href in block.fast_links or []] or [
                piece.href for piece in named_links(item_pieces(block, self.env))
            ]
            if any("#" not in href for href in hrefs):
                return False
            seen_link = seen_link or bool(hrefs)
        return seen_link

    def _add_optional(self, draft: Draft | None) -> None:
        if draft is not None:
            self._add(draft)

    def _add(self, draft: Draft) -> None:
        draft.category = self.category or self.fallback
        self.drafts.append(draft)


def fallback_category(source: str) -> str:
    stem = PurePath(source).stem if source and source not in ("-", "<stdin>") else ""
    return clean(re.sub(r"[_\s]+", " ", stem), CATEGORY_LIMIT) or "Uncategorized"


def build_papers(drafts: list[Draft]) -> Catalog:
    """Drop repeated URLs (first wins), give each paper a unique id, collect categories."""
    papers: list[CatalogPaper] = []
    categories: dict[str, None] = {}
    seen_urls: set[str] = set()
    taken: set[str] = set()
    for draft in drafts:
        key = draft.review_url.rstrip("/")
        if key and key in seen_urls:
            continue
        seen_urls.add(key)
        paper_id = unique_id(slugify(draft.name), taken)
        papers.append(catalog_paper(draft, paper_id, None))
        categories.setdefault(draft.category, None)
    return Catalog(categories=list(categories), papers=papers)


def _arxiv_id(*urls: str | None) -> str | None:
    for url in urls:
        match = _ARXIV.search(url) if url else None
        if match:
            return match[1]
    return None


def catalog_paper(draft: Draft, paper_id: str, progress: Progress | None) -> CatalogPaper:
    # Catalog imports fill `arxiv` from an arxiv.org link; exports carry only what they show.
    arxiv = _arxiv_id(draft.paper_url, draft.review_url) if progress is None else None
    return CatalogPaper(
        id=paper_id,
        name=draft.name,
        category=draft.category,
        review_url=draft.review_url,
        title=draft.title,
        first_author=draft.first_author,
        year=draft.year,
        venue=draft.venue,
        arxiv=arxiv,
        paper_url=draft.paper_url,
        line=draft.line,
        progress=progress,
    )
