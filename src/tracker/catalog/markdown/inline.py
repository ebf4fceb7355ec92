"""Inline content: text and link pieces, cleaning, link labels, the `[Name](url)` fast path."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from tracker.catalog.markdown.parser import markdown_parser

# --- Limits and small vocabularies --------------------------------------------------------------

NAME_LIMIT = 200
TITLE_LIMIT = 500
CATEGORY_LIMIT = 120
AUTHOR_LIMIT = 80

# Link texts that describe the link, not the paper: `[pdf]`, `[`[official code - caffe]`]`, `[web]`.
_LABEL = re.compile(
    r"(?:pdf|paper|arxiv|abs|html|web|link|code|official code|unofficial code|github|"
    r"project(?: page)?|video|slides|blog|website|homepage|demo|dataset|supp(?:lementary)?|"
    r"bib(?:tex)?|doi|openreview|review|medium|talk|poster)(?:\s*[-:–]\s.*)?",
    re.IGNORECASE,
)
PDF_LABELS = {"pdf", "paper", "arxiv", "abs"}
REVIEW_LABELS = {"review", "blog", "medium"}


# --- Inline content ------------------------------------------------------------------------------


@dataclass(slots=True)
class Piece:
    """A run of inline content with the formatting the importer cares about."""

    kind: str  # "text" | "link" | "break" | "html"
    text: str
    href: str = ""
    strong: bool = False
    em: bool = False
    special: bool = False  # came from a backslash escape or an entity (export separators)


def parse_inline(src: str, env: dict[str, object]) -> list[Piece]:
    md = markdown_parser()
    tokens: list[Token] = []
    md.inline.parse(src, md, env, tokens)
    return _pieces_from_tokens(tokens)


def _pieces_from_tokens(tokens: Sequence[Token]) -> list[Piece]:
    """Text, links and breaks with strong/em flags; images are dropped (badge links get no text)."""
    pieces: list[Piece] = []
    strong = em = 0
    link: Piece | None = None
    for token in tokens:
        kind = token.type
        if kind in ("strong_open", "strong_close"):
            strong += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            em += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            link = Piece("link", "", str(token.attrs.get("href", "")), strong > 0, em > 0)
        elif kind == "link_close" and link is not None:
            pieces.append(link)
            link = None
        elif kind in ("text", "text_special", "code_inline"):
            if link is not None:
                link.text += token.content
            else:
                special = kind == "text_special"
                pieces.append(Piece("text", token.content, "", strong > 0, em > 0, special))
        elif kind in ("softbreak", "hardbreak"):
            if link is not None:
                link.text += " "
            else:  # keeps the formatting flags: a bold title may wrap onto a second line
                pieces.append(Piece("break", "\n", "", strong > 0, em > 0))
        elif kind == "html_inline":
            pieces.append(Piece("html", token.content))
    return pieces


def plain(pieces: Sequence[Piece]) -> str:
    return "".join(piece.text for piece in pieces if piece.kind != "html")


def clean(text: str, limit: int) -> str:
    """Whitespace-collapsed, length-limited plain text."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def is_http(href: str) -> bool:
    return href[:8].lower().startswith(("http://", "https://"))


def link_label(text: str) -> str | None:
    """`pdf` for `[pdf]` / `` `[pdf]` ``; None when the link text names something."""
    core = text.strip().strip("[]`() ").strip()
    if not _LABEL.fullmatch(core):
        return None
    return core.split()[0].lower().rstrip(":-")


_LETTER = re.compile(r"[^\W\d_]")


def has_alpha(text: str) -> bool:
    return _LETTER.search(text) is not None


def named_links(pieces: Sequence[Piece]) -> list[Piece]:
    """Links with visible text (badges and image links have none)."""
    return [piece for piece in pieces if piece.kind == "link" and piece.text.strip()]


# --- Fast path for `- [Name](url) ...` items ------------------------------------------------------

_FAST_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()\s<>]*)\)")
# The usual item, `[Name](url) - text`: one such link first, then no brackets at all.
_FAST_SINGLE = re.compile(r"\[([^\[\]]*)\]\(([^()\s<>]*)\)[^\[\]]*")


def fast_links(content: str) -> list[tuple[str, str]] | None:
    """The (text, url) links of an item that starts with its name link, or None if unsure.

    Only content without code spans, HTML, escapes, entities or images, whose brackets all belong
    to plain `[text](http-url)` links, and whose first link is the name. Emphasis outside links
    cannot change where links are (links bind tighter), so it is allowed there.
    """
    # Code spans, HTML, escapes, entities, images (substring tests beat a regex search here).
    if "`" in content or "<" in content or "\\" in content or "&" in content or "![" in content:
        return None
    links: list[tuple[str, str]]
    single = _FAST_SINGLE.fullmatch(content)
    if single is not None:  # the same result as the loop below, in one step
        links = [(single[1], single[2])]
    else:
        links = []
        rest: list[str] = []
        position = 0
        for match in _FAST_LINK.finditer(content):
            rest.append(content[position : match.start()])
            links.append((match[1], match[2]))
            position = match.end()
        rest.append(content[position:])
        if not links or any("[" in part or "]" in part for part in rest) or has_alpha(rest[0]):
            return None
    for text, href in links:
        if not text.strip() or "*" in text or "_" in text or not is_http(href):
            return None
    return links if link_label(links[0][0]) is None else None
