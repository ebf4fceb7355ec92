"""Import a Markdown reading list, or a tracker Markdown export, as a `Catalog`.

What the importer understands:

* Headings are categories, in order of first appearance (only headings that end up holding papers
  are kept). Numbering (`1.2`, `#2`), emphasis and emoji shortcodes are stripped. Boilerplate
  sections (contents, update log, license, contributing, contact...) are skipped.
* One paper per entry. An entry is a list item with an http(s) link (`- [Name](url) - text`,
  `- **Title** (2015), A. Author et al. [[pdf]](url)`, `- **[Short]** Title | **[CVPR' 19]** |
  [pdf](url)`), a numbered reference paragraph (`**[3]** Authors. "**Title**." Venue (2014).
  [[pdf]](url)`), each link of a paragraph made only of links (`[[ResNet](url)] [[VGG](url)]`),
  or a heading section holding `- pdf: url` / `- code: url` bullets (the heading is the name).
* A bullet that is only bold text followed by such a paragraph of links is a category.
* Ignored: tables, HTML, code, images and badges, in-page `#anchor` links, tables of contents,
  links that are not http(s), and a URL seen before in the same file (the first entry wins).
* The main link (`review_url`) is the link whose text is the name, else a link labelled review or
  blog, else the first pdf/paper link, else the first http(s) link. A pdf/paper link that is not
  the main link becomes `paper_url`. Title, first author, year and venue are filled when the
  entry states them in one of the shapes above.
* A file without headings gets one category named after the file.
* A tracker export (see `tracker.services.markdown_export`) is recognised by its marker comment and
  read back exactly, progress included (`Catalog.kind == "export"`).

Speed: markdown-it parses block structure once with inline parsing switched off; inline source is
parsed only for blocks that can hold an entry. A custom block rule takes runs of one-line bullets at
the top level in one step, and single-link bullets are read by a small regex whose result is
checked against the full parser by the tests. A 100,000-entry list (12 MB) parses in about 1.5 s.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import PurePath
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from tracker.catalog.model import Catalog, CatalogError, CatalogPaper
from tracker.domain import MAX_RATING, Progress, Status, slugify

# --- The tracker export format (written by tracker.services.markdown_export) -------------------

# First line of every export; its presence switches the parser to the exact export reader.
EXPORT_MARKER = "<!-- tracker-export v1"
# Between the fields of a paper line. Field text never contains it: `·` is written as an entity.
CELL_SEPARATOR = " · "
PAPER_LINK_TEXT = "paper"
AUTHOR_PREFIX = "by "
VENUE_PREFIX = "in "
HEALTH_PREFIX = "link: "
_ID_COMMENT = re.compile(r"<!--\s*id:\s*(\S+)\s*-->")

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
_PDF_LABELS = {"pdf", "paper", "arxiv", "abs"}
_REVIEW_LABELS = {"review", "blog", "medium"}
# Whole headings of sections whose links are never papers.
_BOILERPLATE = re.compile(
    r"(?:table of contents|contents|toc|licen[cs]e|contributing|contributors?|"
    r"contribution guidelines?|acknowledge?ments?|contact(?: (?:&|and) feedback)?|feedback|"
    r"update log|change ?log|news|citation|how to cite|cite|sponsors?|star history)",
    re.IGNORECASE,
)
_NUMBERING = re.compile(r"^\s*#?\d{1,2}(?:\.\d{1,2})*[.)]?\s+(?=\S)")
_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")
_PAREN_YEAR = re.compile(r"\(([^()]*?)\b((?:19|20)\d{2})\b[^()]*\)?")
# A year on its own (`systems. 2012.`), not part of an arXiv number like `1409.1556`.
_BARE_YEAR = re.compile(r"(?<![\d.:/])((?:19|20)\d{2})(?!\.?\d)")
# `, G. Hinton and R. Salakhutdinov.` after a title that gives no year.
_INITIALS_AUTHOR = re.compile(r",\s+(?=(?:[A-Z]\.\s?){1,3}[A-Z][a-z])")
_VENUE = re.compile(r"\[\s*([A-Za-z][^\]']*?)\s*'?\s*(\d{2}|(?:19|20)\d{2})\s*\]")
_SHORT_NAME = re.compile(r"\s*\[([^\[\]]+)\]\s*")
_CITATION_MARK = re.compile(r"\s*\[\d+\]\s*")  # `**[12]**` opening a reference
_QUOTED = re.compile(r"^(?P<authors>.*?)[\"“”](?P<title>.+?)[\"“”](?P<after>.*)$", re.DOTALL)
_QUOTES = "\"“”'‘’"
# `pdf:` / `code` heading a bullet of links (the colon is sometimes forgotten).
_FIELD_LABEL = re.compile(r"\s*([A-Za-z][\w .-]{0,20}?)\s*:?\s*")
_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)
_LINK_RUN_FILLER = re.compile(r"[\s\[\](),;|·•/\-–—*_]*")
_LENIENT_HEADING = re.compile(r"(#{1,6})(?=\d)(.+)")


# --- Block structure -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    """One block that can matter: a heading, a paragraph, a list item's first paragraph, a fence."""

    kind: str  # "heading" | "para" | "item" | "fence"
    line: int  # 1-based
    src: str  # inline source (raw Markdown), or the fence content
    level: int = 0  # heading level
    list_id: int = -1  # items: the list they belong to (tables of contents are whole lists)
    item_id: int = -1  # innermost list item containing the block (the item itself for "item")
    fast_links: list[tuple[str, str]] | None = None  # set when the fast path read the item


@dataclass(slots=True)
class _Piece:
    """A run of inline content with the formatting the importer cares about."""

    kind: str  # "text" | "link" | "break" | "html"
    text: str
    href: str = ""
    strong: bool = False
    em: bool = False
    special: bool = False  # came from a backslash escape or an entity (export separators)


@dataclass(slots=True)
class _Draft:
    name: str
    review_url: str
    line: int
    title: str | None = None
    first_author: str | None = None
    year: int | None = None
    venue: str | None = None
    paper_url: str | None = None
    category: str = ""


# One-line bullets at the top level: marker, one space, content that cannot start another block.
_FAST_BULLET = re.compile(r"([-*+]) (\S.*)")
_FAST_BLOCKISH = re.compile(r"[#>|<]|```|~~~|\d{1,9}[.)](?:\s|$)|[-*+](?:\s|$)|\[[^\]]*\]:")
_HR = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_ITEM_CLOSER = re.compile(r"[-*+][ \t]+\S|#{1,6}(?:[ \t]|$)")


def _fast_bullets(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: take a run of one-line top-level bullets in one step.

    markdown-it's list rule costs ~40 us a line, too slow for 100k-entry lists. This rule runs first
    but only at the root (never inside quotes or lists) and only on lines whose structure is
    certain: `- text` at column 0 whose next line closes the item (blank then unindented, another
    bullet, a heading, or the end). Everything else falls through to the normal rules.
    """
    # Root check by token nesting: `parentType` is unreliable because markdown-it's lheading rule
    # leaves it set to "paragraph" after a failed match (upstream behaviour).
    if silent or state.level or state.blkIndent or state.sCount[start]:
        return False
    items: list[tuple[int, str, str]] = []
    line = start
    while line < end:
        raw = state.src[state.bMarks[line] : state.eMarks[line]]
        simple = _simple_bullet(raw)
        if simple is None:
            break
        after = _line_after_item(state, line, end)
        if after is None:
            break
        items.append((line, simple[0], simple[1]))
        line = after
    if not items:
        return False
    token = state.push("fast_list", "", 0)
    token.map = [start, items[-1][0] + 1]
    token.meta = {"items": items}
    state.line = items[-1][0] + 1
    return True


def _simple_bullet(raw: str) -> tuple[str, str] | None:
    if "\t" in raw or _HR.fullmatch(raw):
        return None
    match = _FAST_BULLET.fullmatch(raw)
    if match is None or _FAST_BLOCKISH.match(match[2]):
        return None
    return match[1], match[2].strip()


def _line_after_item(state: StateBlock, line: int, end: int) -> int | None:
    """Where the next block starts if the one-line item at `line` surely ends there, else None."""
    following = line + 1
    if following >= end:
        return following
    if not state.isEmpty(following):
        # Anything but a new bullet or heading would be lazy continuation text of this item.
        closes = state.sCount[following] == 0 and _ITEM_CLOSER.match(
            state.src, state.bMarks[following], state.eMarks[following]
        )
        return following if closes else None
    following = state.skipEmptyLines(following)
    # After a blank line, indented text still belongs to the item.
    return following if following >= end or state.sCount[following] == 0 else None


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    # Inline content is parsed on demand; text_join is off so escapes stay distinguishable.
    md.disable(["inline", "text_join"])
    md.block.ruler.before("table", "fast_bullets", _fast_bullets)
    # Keep URLs as written (markdown-it would percent-encode them), so they round-trip exactly.
    md.normalizeLink = _keep_url  # type: ignore[method-assign]
    return md


def _keep_url(url: str) -> str:
    return url


def _collect_blocks(tokens: Sequence[Token]) -> list[_Block]:
    """Flatten the token stream into the blocks that matter, tracking lists and items."""
    blocks: list[_Block] = []
    lists: list[int] = []
    items: list[int] = []
    fresh_items: set[int] = set()  # items whose first paragraph has not been seen yet
    counter = {"list": 0, "item": 0}
    in_table = False
    heading_level = 0

    def new_id(kind: str) -> int:
        counter[kind] += 1
        return counter[kind]

    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append(new_id("list"))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            items.append(new_id("item"))
            fresh_items.add(items[-1])
        elif kind == "list_item_close":
            fresh_items.discard(items.pop())
        elif kind in ("table_open", "table_close"):
            in_table = kind == "table_open"
        elif kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind in ("fence", "code_block"):
            line = _line_of(token)
            item = items[-1] if items else -1
            blocks.append(_Block("fence", line, token.content, item_id=item))
        elif kind == "fast_list":
            blocks.extend(_fast_blocks(token, new_id))
        elif kind == "inline" and not in_table:
            blocks.append(_inline_block(token, heading_level, lists, items, fresh_items))
            heading_level = 0
    return blocks


def _inline_block(
    token: Token,
    heading_level: int,
    lists: list[int],
    items: list[int],
    fresh_items: set[int],
) -> _Block:
    line = _line_of(token)
    item = items[-1] if items else -1
    if heading_level:
        return _Block("heading", line, token.content, level=heading_level, item_id=item)
    if item in fresh_items:
        # An item's first paragraph is the item itself; later paragraphs are ordinary.
        fresh_items.discard(item)
        return _Block("item", line, token.content, list_id=lists[-1], item_id=item)
    return _Block("para", line, token.content, item_id=item)


def _fast_blocks(token: Token, new_id: Callable[[str], int]) -> list[_Block]:
    blocks: list[_Block] = []
    marker = ""
    list_id = -1
    for line, bullet, content in token.meta["items"]:
        if bullet != marker:  # a different bullet character starts a new list
            marker, list_id = bullet, new_id("list")
        block = _Block("item", line + 1, content, list_id=list_id, item_id=new_id("item"))
        block.fast_links = _fast_links(content)
        blocks.append(block)
    return blocks


def _line_of(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


# --- Inline content ------------------------------------------------------------------------------


def _pieces(src: str, env: dict[str, object]) -> list[_Piece]:
    md = _markdown()
    tokens: list[Token] = []
    md.inline.parse(src, md, env, tokens)
    return _pieces_from_tokens(tokens)


def _pieces_from_tokens(tokens: Sequence[Token]) -> list[_Piece]:
    """Text, links and breaks with strong/em flags; images are dropped (badge links get no text)."""
    pieces: list[_Piece] = []
    strong = em = 0
    link: _Piece | None = None
    for token in tokens:
        kind = token.type
        if kind in ("strong_open", "strong_close"):
            strong += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            em += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            link = _Piece("link", "", str(token.attrs.get("href", "")), strong > 0, em > 0)
        elif kind == "link_close" and link is not None:
            pieces.append(link)
            link = None
        elif kind in ("text", "text_special", "code_inline"):
            if link is not None:
                link.text += token.content
            else:
                special = kind == "text_special"
                pieces.append(_Piece("text", token.content, "", strong > 0, em > 0, special))
        elif kind in ("softbreak", "hardbreak"):
            if link is not None:
                link.text += " "
            else:  # keeps the formatting flags: a bold title may wrap onto a second line
                pieces.append(_Piece("break", "\n", "", strong > 0, em > 0))
        elif kind == "html_inline":
            pieces.append(_Piece("html", token.content))
    return pieces


def _plain(pieces: Sequence[_Piece]) -> str:
    return "".join(piece.text for piece in pieces if piece.kind != "html")


def _clean(text: str, limit: int) -> str:
    """Whitespace-collapsed, length-limited plain text."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _is_http(href: str) -> bool:
    return href[:8].lower().startswith(("http://", "https://"))


def _label(text: str) -> str | None:
    """`pdf` for `[pdf]` / `` `[pdf]` ``; None when the link text names something."""
    core = text.strip().strip("[]`() ").strip()
    if not _LABEL.fullmatch(core):
        return None
    return core.split()[0].lower().rstrip(":-")


_LETTER = re.compile(r"[^\W\d_]")
_ASCII_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _has_alpha(text: str) -> bool:
    return _LETTER.search(text) is not None


def _slug(name: str) -> str:
    """`slugify`, with a shortcut for ASCII names (same result, 5x faster on big lists)."""
    if name.isascii():
        return _ASCII_NON_ALNUM.sub("-", name.lower()).strip("-")[:80] or "paper"
    return slugify(name)


def _named_links(pieces: Sequence[_Piece]) -> list[_Piece]:
    """Links with visible text (badges and image links have none)."""
    return [piece for piece in pieces if piece.kind == "link" and piece.text.strip()]


# --- Fast path for `- [Name](url) ...` items ------------------------------------------------------

_FAST_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()\s<>]*)\)")
_FAST_UNSAFE = re.compile(r"[`<\\&]|!\[")


def _fast_links(content: str) -> list[tuple[str, str]] | None:
    """The (text, url) links of an item that starts with its name link, or None if unsure.

    Only content without code spans, HTML, escapes, entities or images, whose brackets all belong
    to plain `[text](http-url)` links, and whose first link is the name. Emphasis outside links
    cannot change where links are (links bind tighter), so it is allowed there.
    """
    if _FAST_UNSAFE.search(content):
        return None
    links: list[tuple[str, str]] = []
    rest: list[str] = []
    position = 0
    for match in _FAST_LINK.finditer(content):
        rest.append(content[position : match.start()])
        links.append((match[1], match[2]))
        position = match.end()
    rest.append(content[position:])
    if not links or any("[" in part or "]" in part for part in rest) or _has_alpha(rest[0]):
        return None
    for text, href in links:
        if not text.strip() or "*" in text or "_" in text or not _is_http(href):
            return None
    return links if _label(links[0][0]) is None else None


def _draft_from_links(links: Sequence[tuple[str, str]], line: int) -> _Draft:
    """`[Name](review) ... [[pdf]](paper)`: the first link names the paper and is the main link."""
    name, review_url = links[0]
    paper_url = next(
        (href for text, href in links[1:] if _label(text) in _PDF_LABELS and href != review_url),
        None,
    )
    return _Draft(_clean(name, NAME_LIMIT), review_url, line, paper_url=paper_url)


# --- Entry shapes ---------------------------------------------------------------------------------


def _draft_from_item(pieces: list[_Piece], line: int) -> _Draft | None:
    """One list item: a name link, a `**[Short]** Title | venue` line, or `Title (year), Author`."""
    links = _named_links(pieces)
    if not any(_is_http(piece.href) for piece in links):
        return None
    first = links[0]
    head = pieces[: pieces.index(first)]
    if _is_http(first.href) and _label(first.text) is None and not _has_alpha(_plain(head)):
        http = [(piece.text, piece.href) for piece in links if _is_http(piece.href)]
        return _draft_from_links(http, line)
    return _described_draft(head, links, line)


def _described_draft(head: list[_Piece], links: list[_Piece], line: int) -> _Draft:
    """The name is written before the links; the links are labels like [pdf] and [code]."""
    words = [piece for piece in head if piece.kind != "html"]
    lead = next((piece for piece in words if piece.text.strip()), None)
    draft = _Draft("", "", line)
    if lead is not None and lead.strong and (short := _SHORT_NAME.fullmatch(lead.text)):
        # `**[R-CNN]** Rich feature hierarchies ... | **[CVPR' 14]** |`
        draft.name = short[1]
        _fill_pipe_fields(draft, words[words.index(lead) + 1 :])
    elif lead is not None and lead.strong:
        # `**Title** (2015), A. Author et al.`
        start = words.index(lead)
        end = next((i for i in range(start, len(words)) if not words[i].strong), len(words))
        draft.name = _plain(words[start:end])
        draft.year, draft.first_author = _year_and_authors(_plain(words[end:]))
    elif "|" in _plain(words):
        _fill_pipe_fields(draft, words)
        draft.name, draft.title = draft.title or "", None
    else:
        draft.name, draft.year, draft.first_author = _split_title(_plain(words))
    return _finish(draft, links)


def _fill_pipe_fields(draft: _Draft, pieces: Sequence[_Piece]) -> None:
    """`Title | **[VENUE' yy]** |`: title before the first pipe, venue and year from the tag."""
    text_before_pipe = _plain(pieces).split("|")[0]
    draft.title = _clean(text_before_pipe, TITLE_LIMIT) or None
    for piece in pieces:
        venue = _VENUE.fullmatch(piece.text.strip()) if piece.strong else None
        if venue:
            draft.venue = venue[1].strip()
            draft.year = _full_year(venue[2])
            return


def _full_year(digits: str) -> int:
    year = int(digits)
    if year >= 100:
        return year
    return 2000 + year if year <= 40 else 1900 + year


def _split_title(text: str) -> tuple[str, int | None, str | None]:
    """`Caffe: fast embedding (2014), Y. Jia et al.` -> title, year, first author."""
    match = _PAREN_YEAR.search(text)
    if match is None or not match.start():
        author = _INITIALS_AUTHOR.search(text)
        if author is None:
            return text, None, None
        return text[: author.start()], None, _first_author(text[author.end() :])
    year, author = _year_and_authors(text[match.start() :])
    return text[: match.start()], year, author


def _year_and_authors(rest: str) -> tuple[int | None, str | None]:
    """What follows a title: ` (2015), G. Hinton et al.` or `, L. Chen et al.`."""
    match = _PAREN_YEAR.search(rest)
    if match is not None and not rest[: match.start()].strip(" ,"):
        authors = rest[match.end() :]
        year: int | None = int(match[2])
    else:
        authors, year = rest, None
    authors = authors.strip()
    if not (authors.startswith(",") or re.match(r"[A-Z]\.", authors)):
        return year, None
    return year, _first_author(authors)


def _first_author(authors: str) -> str | None:
    """First name in an author list: `Bengio, Yoshua, Ian Goodfellow and ...` -> `Yoshua Bengio`."""
    text = authors.strip(" ,;:" + _QUOTES)
    text = re.sub(r"\((?:19|20)\d{2}\)", "", text.split(";")[0])
    text = re.split(r"\s*(?:\bet\.? ?al\b\.?|\band\b|&)", text)[0]
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        return None
    first = parts[0]
    # `Bengio, Yoshua, ...` is surname-first; `Wu, Schuster, Chen, ...` is a list of surnames.
    surnames_only = len(parts) > 2 and all(" " not in part for part in parts)
    if len(parts) > 1 and not surnames_only and _looks_surname(first) and _looks_given(parts[1]):
        first = f"{parts[1]} {first}"
    first = _clean(_strip_sentence_period(first), AUTHOR_LIMIT)
    if not _has_alpha(first) or any(ch.isdigit() for ch in first) or len(first.split()) > 6:
        return None
    return first


def _looks_surname(part: str) -> bool:
    return " " not in part and "." not in part


def _strip_sentence_period(name: str) -> str:
    """`Alex.` ends a sentence; `Quoc V.` and `P.O.` end with initials."""
    last = name.split()[-1] if name.split() else ""
    if last.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", last):
        return name[:-1]
    return name


def _looks_given(part: str) -> bool:
    words = part.split()
    return 0 < len(words) <= 3 and part[0].isupper() and not part.lower().startswith("et")


def _finish(draft: _Draft, links: list[_Piece]) -> _Draft:
    """Tidy the name, pick the main link and the paper link."""
    draft.name = _clean(draft.name.strip(" \t,;:|-–—"), NAME_LIMIT)
    if draft.title:
        draft.title = _clean(draft.title.strip(" ,;:|-–—"), TITLE_LIMIT)
        if draft.title == draft.name:
            draft.title = None
    http = [piece for piece in links if _is_http(piece.href)]
    if not draft.name:
        draft.name = _fallback_name(http)
    main = _main_link(http, draft.name)
    draft.review_url = main.href
    paper = next((p for p in http if _label(p.text) in _PDF_LABELS and p.href != main.href), None)
    draft.paper_url = paper.href if paper else None
    return draft


def _fallback_name(http: list[_Piece]) -> str:
    named = next((piece.text for piece in http if _label(piece.text) is None), None)
    return _clean(named or http[0].href, NAME_LIMIT)


def _main_link(http: list[_Piece], name: str) -> _Piece:
    """Name link, else a review/blog link, else the first pdf/paper link, else the first link."""
    wanted = name.casefold()
    for accept in (
        lambda piece: _clean(piece.text, NAME_LIMIT).casefold() == wanted,
        lambda piece: _label(piece.text) in _REVIEW_LABELS,
        lambda piece: _label(piece.text) in _PDF_LABELS,
    ):
        found = next((piece for piece in http if accept(piece)), None)
        if found is not None:
            return found
    return http[0]


def _draft_from_citation(pieces: list[_Piece], line: int) -> _Draft | None:
    """`**[7]** He, Kaiming, et al. "**Deep residual learning**." arXiv (2015). [[pdf]](url)`."""
    links = _named_links(pieces)
    marker = _citation_marker(pieces)
    if marker is None or not any(_is_http(piece.href) for piece in links):
        return None
    head = [piece for piece in pieces[: pieces.index(links[0])] if piece.kind != "html"]
    if marker >= len(head):
        return None
    head[marker] = replace(head[marker], text=_CITATION_MARK.sub("", head[marker].text, count=1))
    authors, title, after = _citation_parts(head[marker:])
    draft = _Draft(title.strip().strip(_QUOTES).strip().rstrip(".,").strip(), "", line)
    draft.first_author = _first_author(authors)
    draft.year = _last_year(after) or _last_year(authors)
    return _finish(draft, links)


def _citation_marker(pieces: list[_Piece]) -> int | None:
    """Index (among non-HTML pieces) of the `[12]` that opens a numbered reference, if any."""
    words = [piece for piece in pieces if piece.kind != "html"]
    first = next((i for i, piece in enumerate(words) if piece.text.strip()), None)
    if first is None or words[first].kind != "text":
        return None
    return first if _CITATION_MARK.match(words[first].text) else None


def _citation_parts(head: list[_Piece]) -> tuple[str, str, str]:
    """Split into (authors, title, rest): the title is the bold or quoted part."""
    for index, piece in enumerate(head):
        if piece.strong and piece.kind == "text" and piece.text.strip()[:1] not in ("", "("):
            end = index
            while end < len(head) and head[end].strong:
                end += 1
            return _plain(head[:index]), _plain(head[index:end]), _plain(head[end:])
    text = _plain(head)
    quoted = _QUOTED.match(text)
    if quoted:
        return quoted["authors"], quoted["title"], quoted["after"]
    return "", text, ""


def _last_year(text: str) -> int | None:
    years = [match[2] for match in _PAREN_YEAR.finditer(text)] or _BARE_YEAR.findall(text)
    return int(years[-1]) if years else None


def _link_run(pieces: list[_Piece]) -> list[_Piece] | None:
    """The named http links of a paragraph made only of links and brackets, else None."""
    links = [p for p in _named_links(pieces) if _is_http(p.href) and _label(p.text) is None]
    filler = "".join(piece.text for piece in pieces if piece.kind == "text")
    if not links or not _LINK_RUN_FILLER.fullmatch(filler):
        return None
    return links


def _drafts_from_link_run(pieces: list[_Piece], links: list[_Piece], line: int) -> list[_Draft]:
    """One paper per link; each on the source line it sits on."""
    drafts: list[_Draft] = []
    offset = 0
    for piece in pieces:
        if piece.kind == "break":
            offset += 1
        elif piece in links:
            drafts.append(_Draft(_clean(piece.text, NAME_LIMIT), piece.href, line + offset))
    return drafts


def _bold_only(pieces: list[_Piece]) -> str | None:
    """The text of a block that is nothing but bold text (a category label), else None."""
    words = [piece for piece in pieces if piece.kind != "html" and piece.text.strip()]
    if not words or any(piece.kind != "text" or not piece.strong for piece in words):
        return None
    return _plain(words)


# --- Heading sections ----------------------------------------------------------------------------


def _clean_heading(text: str) -> str:
    """`1.2 **Survey** :star:` -> `Survey`; a bare `2014` stays."""
    text = _SHORTCODE.sub(" ", text)
    text = "".join(ch for ch in text if not _is_symbol(ch))
    text = _NUMBERING.sub("", text, count=1)
    return _clean(text.strip(" \t:–—-"), CATEGORY_LIMIT)


def _is_symbol(char: str) -> bool:
    """Emoji and pictographs (Unicode `So`), which headings use as decoration."""
    return unicodedata.category(char) == "So"


def _section_end(blocks: list[_Block], start: int) -> int:
    end = start + 1
    while end < len(blocks) and blocks[end].kind != "heading":
        end += 1
    return end


def _paper_section(
    name: str, line: int, section: list[_Block], env: dict[str, object]
) -> _Draft | None:
    """`### ResNet` + bold title line + author line + `- pdf: url` / `- code: url` bullets."""
    items = [block for block in section if block.kind == "item"]
    if not items:
        return None
    fields: dict[str, _Piece] = {}
    for item in items:
        pieces = _item_pieces(item, env)
        links = [piece for piece in _named_links(pieces) if _is_http(piece.href)]
        label = _FIELD_LABEL.fullmatch(_plain(pieces[: pieces.index(links[0])])) if links else None
        if label is None:
            return None  # an ordinary list, not a paper's link bullets
        fields.setdefault(label[1].lower(), links[0])
    pdf = next((fields[key] for key in fields if key in _PDF_LABELS), None)
    if pdf is None:
        return None
    draft = _Draft(_clean_heading(name), pdf.href, line)
    paragraph = next((block for block in section if block.kind == "para"), None)
    if paragraph is not None:
        _fill_title_block(draft, _pieces(paragraph.src, env))
    return draft


def _fill_title_block(draft: _Draft, pieces: list[_Piece]) -> None:
    """First line bold title (or a bold author list), second line authors."""
    lines: list[list[_Piece]] = [[]]
    for piece in pieces:
        if piece.kind == "break":
            lines.append([])
        elif piece.kind != "html":
            lines[-1].append(piece)
    bold = _bold_only(lines[0])
    authors = _plain(lines[1]) if len(lines) > 1 else ""
    if bold is None and authors.strip():  # an unformatted title line above the authors
        bold = _plain(lines[0]).strip() or None
    if bold is not None and _looks_like_authors(bold):
        bold, authors = None, bold
    if bold is not None:
        draft.title = _clean(bold.strip().rstrip("."), TITLE_LIMIT) or None
    draft.first_author = _first_author(authors) if authors.strip() else None


def _looks_like_authors(text: str) -> bool:
    parts = [part.strip() for part in text.split(",")]
    return (
        len(parts) >= 3
        and ":" not in text
        and all(0 < len(part.split()) <= 4 and part[:1].isupper() for part in parts)
    )


# --- The catalog reader --------------------------------------------------------------------------


@dataclass(slots=True)
class _Reader:
    """Walks the blocks of an ordinary reading list, collecting drafts per category."""

    blocks: list[_Block]
    env: dict[str, object]
    fallback: str
    category: str = ""
    drafts: list[_Draft] = field(default_factory=list)
    tables_of_contents: dict[int, bool] = field(default_factory=dict)
    list_items: dict[int, list[_Block]] = field(default_factory=dict)

    def read(self) -> list[_Draft]:
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
        text = _plain(_pieces(self.blocks[index].src, self.env))
        end = _section_end(self.blocks, index)
        if not text.strip():
            return index + 1  # `##` used as a separator
        if _BOILERPLATE.fullmatch(_clean_heading(text)):
            return end
        line = self.blocks[index].line
        draft = _paper_section(text, line, self.blocks[index + 1 : end], self.env)
        if draft is not None:
            self._add(draft)
            return end
        self.category = _clean_heading(text) or self.category
        return index + 1

    def _item(self, index: int) -> None:
        block = self.blocks[index]
        if self._in_table_of_contents(block):
            return
        if block.fast_links is not None:
            self._add(_draft_from_links(block.fast_links, block.line))
            return
        pieces = _item_pieces(block, self.env)
        draft = _draft_from_item(pieces, block.line)
        if draft is not None:
            self._add(draft)
        else:
            self._maybe_label(index, pieces)

    def _paragraph(self, index: int) -> None:
        block = self.blocks[index]
        pieces = _pieces(block.src, self.env)
        links = _link_run(pieces)
        if links is not None:
            for draft in _drafts_from_link_run(pieces, links, block.line):
                self._add(draft)
            return
        if _citation_marker(pieces) is not None:
            self._add_optional(_draft_from_citation(pieces, block.line))
        elif any(_label(p.text) in _PDF_LABELS for p in _named_links(pieces) if _is_http(p.href)):
            self._add_optional(_draft_from_item(pieces, block.line))
        else:
            self._maybe_label(index, pieces)

    def _maybe_label(self, index: int, pieces: list[_Piece]) -> None:
        """`- **Category**` followed by a paragraph of links names that paragraph's category."""
        label = _bold_only(pieces)
        following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        if label is None or following is None or following.kind != "para":
            return
        if _link_run(_pieces(following.src, self.env)) is not None:
            self.category = _clean_heading(label) or self.category

    def _in_table_of_contents(self, block: _Block) -> bool:
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
                piece.href for piece in _named_links(_item_pieces(block, self.env))
            ]
            if any("#" not in href for href in hrefs):
                return False
            seen_link = seen_link or bool(hrefs)
        return seen_link

    def _add_optional(self, draft: _Draft | None) -> None:
        if draft is not None:
            self._add(draft)

    def _add(self, draft: _Draft) -> None:
        draft.category = self.category or self.fallback
        self.drafts.append(draft)


def _item_pieces(block: _Block, env: dict[str, object]) -> list[_Piece]:
    if block.fast_links is not None:
        return [_Piece("link", text, href) for text, href in block.fast_links]
    return _pieces(block.src, env)


def _fallback_category(source: str) -> str:
    stem = PurePath(source).stem if source and source not in ("-", "<stdin>") else ""
    return _clean(re.sub(r"[_\s]+", " ", stem), CATEGORY_LIMIT) or "Uncategorized"


def _build_papers(drafts: list[_Draft]) -> Catalog:
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
        paper_id = _unique_id(_slug(draft.name), taken)
        papers.append(_paper(draft, paper_id, None))
        categories.setdefault(draft.category, None)
    return Catalog(categories=list(categories), papers=papers)


def _unique_id(base: str, taken: set[str]) -> str:
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


def _arxiv_id(*urls: str | None) -> str | None:
    for url in urls:
        match = _ARXIV.search(url) if url else None
        if match:
            return match[1]
    return None


def _paper(draft: _Draft, paper_id: str, progress: Progress | None) -> CatalogPaper:
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


# --- The export reader ---------------------------------------------------------------------------


@dataclass(slots=True)
class _ExportPaper:
    draft: _Draft
    paper_id: str | None
    progress: Progress


def _read_export(blocks: list[_Block], env: dict[str, object]) -> list[_ExportPaper]:
    """Exact reader for `render_markdown` output: `##` categories, one task item per paper."""
    papers: list[_ExportPaper] = []
    by_item: dict[int, _ExportPaper] = {}
    notes: dict[int, list[str]] = {}
    category = ""
    for block in blocks:
        if block.kind == "heading" and block.level == 2:
            category = _plain(_pieces(block.src, env))
        elif block.kind == "item" and block.item_id not in by_item:
            paper = _export_item(_pieces(block.src, env), block.line, category)
            if paper is not None:
                by_item[block.item_id] = paper
                papers.append(paper)
        elif block.item_id in by_item and block.kind in ("para", "fence"):
            notes.setdefault(block.item_id, []).append(_note_text(block, env))
    for item_id, paper in by_item.items():
        if item_id in notes:
            paper.progress = replace(paper.progress, notes="\n\n".join(notes[item_id]))
    return papers


def _note_text(block: _Block, env: dict[str, object]) -> str:
    if block.kind == "fence":
        return block.src[:-1] if block.src.endswith("\n") else block.src
    return _plain(_pieces(block.src, env))


def _cells(pieces: list[_Piece]) -> list[list[list[_Piece]]]:
    """Lines of cells: split at breaks and at separators written as plain (unescaped) text."""
    lines: list[list[list[_Piece]]] = [[[]]]
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


def _trim_cell(cell: list[_Piece]) -> list[_Piece]:
    """Drop the literal spaces around a field (the writer turns a field's own into entities)."""
    trimmed: list[_Piece] = []
    for index, piece in enumerate(cell):
        if piece.kind == "text" and not (piece.special or piece.strong or piece.em):
            text = piece.text.lstrip() if index == 0 else piece.text
            text = text.rstrip() if index == len(cell) - 1 else text
            piece = replace(piece, text=text)
        if piece.text or piece.kind != "text":
            trimmed.append(piece)
    return trimmed


def _export_item(pieces: list[_Piece], line: int, category: str) -> _ExportPaper | None:
    status, pieces = _checkbox(pieces)
    ids = [
        m[1] for piece in pieces if piece.kind == "html" and (m := _ID_COMMENT.search(piece.text))
    ]
    lines = _cells([piece for piece in pieces if piece.kind != "html"])
    name_cell = lines[0][0]
    link = next((piece for piece in name_cell if piece.kind == "link"), None)
    name = link.text if link is not None else _plain(name_cell)
    if not name and not ids:
        return None
    draft = _Draft(name, link.href if link is not None else "", line, category=category)
    rating: int | None = None
    for cell in lines[0][1:]:
        rating, status = _summary_cell(cell, draft, rating, status)
    for cell in (cell for other in lines[1:] for cell in other):
        _detail_cell(cell, draft)
    progress = Progress(status=status, rating=rating)
    return _ExportPaper(draft, unquote(ids[0]) if ids else None, progress)


def _checkbox(pieces: list[_Piece]) -> tuple[Status, list[_Piece]]:
    if not pieces or pieces[0].kind != "text":
        return Status.UNREAD, pieces
    match = re.match(r"\s*\[([ xX])\]\s?", pieces[0].text)
    if match is None:
        return Status.UNREAD, pieces
    rest = replace(pieces[0], text=pieces[0].text[match.end() :])
    status = Status.REVIEWED if match[1] in "xX" else Status.UNREAD
    return status, ([rest] if rest.text else []) + pieces[1:]


def _summary_cell(
    cell: list[_Piece], draft: _Draft, rating: int | None, status: Status
) -> tuple[int | None, Status]:
    """A field of the first line: stars, status word, paper link or link health."""
    text = _plain(cell).strip()
    if text and set(text) <= {"★", "☆"}:
        return min(text.count("★"), MAX_RATING) or None, status
    if cell and all(piece.em for piece in cell) and status is Status.UNREAD:
        word = text.casefold()
        if word in (Status.READING.value, Status.SKIPPED.value):
            return rating, Status(word)
    if len(cell) == 1 and cell[0].kind == "link" and cell[0].text == PAPER_LINK_TEXT:
        draft.paper_url = cell[0].href
    return rating, status


def _detail_cell(cell: list[_Piece], draft: _Draft) -> None:
    """A field of the second line: *title*, `by` author, `in` venue, year."""
    text = _plain(cell)
    if cell and all(piece.em for piece in cell):
        draft.title = text
    elif text.startswith(AUTHOR_PREFIX):
        draft.first_author = text[len(AUTHOR_PREFIX) :]
    elif text.startswith(VENUE_PREFIX):
        draft.venue = text[len(VENUE_PREFIX) :]
    elif re.fullmatch(r"[0-9]{1,9}", text.strip()):
        draft.year = int(text.strip())


def _export_catalog(papers: list[_ExportPaper]) -> Catalog:
    catalog_papers: list[CatalogPaper] = []
    categories: dict[str, None] = {}
    taken: set[str] = set()
    for paper in papers:
        draft = paper.draft
        category = draft.category or "Uncategorized"
        paper_id = _unique_id(paper.paper_id or _slug(draft.name), taken)
        built = _paper(replace(draft, category=category), paper_id, paper.progress)
        catalog_papers.append(built)
        categories.setdefault(category, None)
    return Catalog(categories=list(categories), papers=catalog_papers, kind="export")


# --- Entry point ---------------------------------------------------------------------------------


def parse_markdown(text: str, source: str) -> Catalog:
    """Parse a Markdown reading list or a tracker export; CatalogError if it holds no papers."""
    env: dict[str, object] = {}
    blocks = _collect_blocks(_markdown().parse(text, env))
    if text.lstrip().startswith(EXPORT_MARKER):
        catalog = _export_catalog(_read_export(blocks, env))
    else:
        drafts = _Reader(blocks, env, _fallback_category(source)).read()
        catalog = _build_papers(drafts)
    if not catalog.papers:
        raise CatalogError("no papers found (no entries with http(s) links)", source=source)
    catalog.source = source
    return catalog
