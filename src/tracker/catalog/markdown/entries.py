"""Entry shapes: one paper from a list item, a numbered reference, or a paragraph of links."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tracker.catalog.markdown.authors import (
    QUOTES,
    first_author,
    full_year,
    last_year,
    split_title,
    year_and_authors,
)
from tracker.catalog.markdown.inline import (
    NAME_LIMIT,
    PDF_LABELS,
    REVIEW_LABELS,
    TITLE_LIMIT,
    Piece,
    clean,
    has_alpha,
    is_http,
    link_label,
    named_links,
    plain,
)

_VENUE = re.compile(r"\[\s*([A-Za-z][^\]']*?)\s*'?\s*(\d{2}|(?:19|20)\d{2})\s*\]")
_SHORT_NAME = re.compile(r"\s*\[([^\[\]]+)\]\s*")
_CITATION_MARK = re.compile(r"\s*\[\d+\]\s*")  # `**[12]**` opening a reference
_QUOTED = re.compile(r"^(?P<authors>.*?)[\"“”](?P<title>.+?)[\"“”](?P<after>.*)$", re.DOTALL)
_LINK_RUN_FILLER = re.compile(r"[\s\[\](),;|·•/\-–—*_]*")


@dataclass(slots=True)
class Draft:
    name: str
    review_url: str
    line: int
    title: str | None = None
    first_author: str | None = None
    year: int | None = None
    venue: str | None = None
    paper_url: str | None = None
    category: str = ""


def draft_from_links(links: Sequence[tuple[str, str]], line: int) -> Draft:
    """`[Name](review) ... [[pdf]](paper)`: the first link names the paper and is the main link."""
    name, review_url = links[0]
    paper_url = None
    if len(links) > 1:  # most items have one link: skip building the generator
        paper_url = next(
            (h for text, h in links[1:] if link_label(text) in PDF_LABELS and h != review_url),
            None,
        )
    return Draft(clean(name, NAME_LIMIT), review_url, line, paper_url=paper_url)


def draft_from_item(pieces: list[Piece], line: int) -> Draft | None:
    """One list item: a name link, a `**[Short]** Title | venue` line, or `Title (year), Author`."""
    links = named_links(pieces)
    if not any(is_http(piece.href) for piece in links):
        return None
    first = links[0]
    head = pieces[: pieces.index(first)]
    if is_http(first.href) and link_label(first.text) is None and not has_alpha(plain(head)):
        http = [(piece.text, piece.href) for piece in links if is_http(piece.href)]
        return draft_from_links(http, line)
    return _described_draft(head, links, line)


def _described_draft(head: list[Piece], links: list[Piece], line: int) -> Draft:
    """The name is written before the links; the links are labels like [pdf] and [code]."""
    words = [piece for piece in head if piece.kind != "html"]
    lead = next((piece for piece in words if piece.text.strip()), None)
    draft = Draft("", "", line)
    if lead is not None and lead.strong and (short := _SHORT_NAME.fullmatch(lead.text)):
        # `**[R-CNN]** Rich feature hierarchies ... | **[CVPR' 14]** |`
        draft.name = short[1]
        _fill_pipe_fields(draft, words[words.index(lead) + 1 :])
    elif lead is not None and lead.strong:
        # `**Title** (2015), A. Author et al.`
        start = words.index(lead)
        end = next((i for i in range(start, len(words)) if not words[i].strong), len(words))
        draft.name = plain(words[start:end])
        draft.year, draft.first_author = year_and_authors(plain(words[end:]))
    elif "|" in plain(words):
        _fill_pipe_fields(draft, words)
        draft.name, draft.title = draft.title or "", None
    else:
        draft.name, draft.year, draft.first_author = split_title(plain(words))
    return _finish(draft, links)


def _fill_pipe_fields(draft: Draft, pieces: Sequence[Piece]) -> None:
    """`Title | **[VENUE' yy]** |`: title before the first pipe, venue and year from the tag."""
    text_before_pipe = plain(pieces).split("|")[0]
    draft.title = clean(text_before_pipe, TITLE_LIMIT) or None
    for piece in pieces:
        venue = _VENUE.fullmatch(piece.text.strip()) if piece.strong else None
        if venue:
            draft.venue = venue[1].strip()
            draft.year = full_year(venue[2])
            return


def _finish(draft: Draft, links: list[Piece]) -> Draft:
    """Tidy the name, pick the main link and the paper link."""
    draft.name = clean(draft.name.strip(" \t,;:|-–—"), NAME_LIMIT)
    if draft.title:
        draft.title = clean(draft.title.strip(" ,;:|-–—"), TITLE_LIMIT)
        if draft.title == draft.name:
            draft.title = None
    http = [piece for piece in links if is_http(piece.href)]
    if not draft.name:
        draft.name = _fallback_name(http)
    main = _main_link(http, draft.name)
    draft.review_url = main.href
    paper = next(
        (p for p in http if link_label(p.text) in PDF_LABELS and p.href != main.href), None
    )
    draft.paper_url = paper.href if paper else None
    return draft


def _fallback_name(http: list[Piece]) -> str:
    named = next((piece.text for piece in http if link_label(piece.text) is None), None)
    return clean(named or http[0].href, NAME_LIMIT)


def _main_link(http: list[Piece], name: str) -> Piece:
    """Name link, else a review/blog link, else the first pdf/paper link, else the first link."""
    wanted = name.casefold()
    for accept in (
        lambda piece: clean(piece.text, NAME_LIMIT).casefold() == wanted,
        lambda piece: link_label(piece.text) in REVIEW_LABELS,
        lambda piece: link_label(piece.text) in PDF_LABELS,
    ):
        found = next((piece for piece in http if accept(piece)), None)
        if found is not None:
            return found
    return http[0]


def draft_from_citation(pieces: list[Piece], line: int) -> Draft | None:
    """`**[7]** He, Kaiming, et al. "**Deep residual learning**." arXiv (2015). [[pdf]](url)`."""
    links = named_links(pieces)
    marker = citation_marker(pieces)
    if marker is None or not any(is_http(piece.href) for piece in links):
        return None
    head = [piece for piece in pieces[: pieces.index(links[0])] if piece.kind != "html"]
    if marker >= len(head):
        return None
    head[marker] = replace(head[marker], text=_CITATION_MARK.sub("", head[marker].text, count=1))
    authors, title, after = _citation_parts(head[marker:])
    draft = Draft(title.strip().strip(QUOTES).strip().rstrip(".,").strip(), "", line)
    draft.first_author = first_author(authors)
    draft.year = last_year(after) or last_year(authors)
    return _finish(draft, links)


def citation_marker(pieces: list[Piece]) -> int | None:
    """Index (among non-HTML pieces) of the `[12]` that opens a numbered reference, if any."""
    words = [piece for piece in pieces if piece.kind != "html"]
    first = next((i for i, piece in enumerate(words) if piece.text.strip()), None)
    if first is None or words[first].kind != "text":
        return None
    return first if _CITATION_MARK.match(words[first].text) else None


def _citation_parts(head: list[Piece]) -> tuple[str, str, str]:
    """Split into (authors, title, rest): the title is the bold or quoted part."""
    for index, piece in enumerate(head):
        if piece.strong and piece.kind == "text" and piece.text.strip()[:1] not in ("", "("):
            end = index
            while end < len(head) and head[end].strong:
                end += 1
            return plain(head[:index]), plain(head[index:end]), plain(head[end:])
    text = plain(head)
    quoted = _QUOTED.match(text)
    if quoted:
        return quoted["authors"], quoted["title"], quoted["after"]
    return "", text, ""


def link_run(pieces: list[Piece]) -> list[Piece] | None:
    """The named http links of a paragraph made only of links and brackets, else None."""
    links = [p for p in named_links(pieces) if is_http(p.href) and link_label(p.text) is None]
    filler = "".join(piece.text for piece in pieces if piece.kind == "text")
    if not links or not _LINK_RUN_FILLER.fullmatch(filler):
        return None
    return links


def drafts_from_link_run(pieces: list[Piece], links: list[Piece], line: int) -> list[Draft]:
    """One paper per link; each on the source line it sits on."""
    drafts: list[Draft] = []
    offset = 0
    for piece in pieces:
        if piece.kind == "break":
            offset += 1
        elif piece in links:
            drafts.append(Draft(clean(piece.text, NAME_LIMIT), piece.href, line + offset))
    return drafts


def bold_only(pieces: list[Piece]) -> str | None:
    """The text of a block that is nothing but bold text (a category label), else None."""
    words = [piece for piece in pieces if piece.kind != "html" and piece.text.strip()]
    if not words or any(piece.kind != "text" or not piece.strong for piece in words):
        return None
    return plain(words)
