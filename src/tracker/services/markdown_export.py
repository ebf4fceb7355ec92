"""Render reading progress as a shareable Markdown reading list that imports back exactly.

The format (GitHub-flavoured Markdown, one task item per paper)::

    <!-- tracker-export v1: tick boxes, change stars, edit notes; keep the id comments -->
    # Reading progress

    **1/3 reviewed** (33%) · 1 reading\\
    *Generated 2026-05-01 09:30*

    ## Image Classification

    **1/3 reviewed** (33%) · 1 reading

    - [x] **[ResNet](https://ex.org/r)** · ★★★★☆ · [paper](https://ex.org/p) <!-- id: resnet -->\\
      *Deep Residual Learning for Image Recognition* · by Kaiming He · in CVPR · 2016
      > Identity shortcuts make depth cheap.\\
      > Read section 4 again.
    - [ ] **[VGG](https://ex.org/v)** · *reading* · link: 404 <!-- id: vgg -->

Line one of an item: checkbox (`[x]` reviewed), the name linked to the review, then optional
fields separated by ` · `: stars, the status word (*reading* / *skipped*), the paper link
(`PaperView.best_paper_url`), link health, and the id as an HTML comment (invisible on GitHub).
An optional second line holds the catalog details: *title*, `by` first author, `in` venue, year.
Notes follow as a blockquote, one `\\`-terminated line per note line.

Escaping, and what round-trips exactly through `parse_markdown`:

* Every catalog string (name, title, author, venue, category, link health) is backslash-escaped
  for all Markdown specials (`\\ ` * _ [ ] < > & ~ | # $`), `·` is written as `&#183;` so it
  can never look like a field separator, and tabs and leading/trailing whitespace become numeric
  entities. These single-line fields round-trip exactly when they contain no control characters
  other than tab; a newline in them is written as a space.
* Notes are stored verbatim and round-trip exactly for any string without `\\r` or NUL. Notes that
  contain other control characters, or start or end with whitespace or a blank line, cannot be
  written losslessly as a blockquote, so they are written as a fenced ```text block instead
  (fence longer than any backtick run inside).
* URLs round-trip exactly unless they contain control characters (those are percent-encoded).
  They are written as `<...>` destinations when they contain spaces, parentheses, `<>`, `\\` or
  `&`; inside, backslashes that would read as escapes and `&` that starts an entity are escaped.
* Status (unread/reading/reviewed/skipped) and rating (1-5) round-trip exactly; reading dates do
  not (they are not shown).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import datetime

from tracker.catalog.markdown.export_format import (
    AUTHOR_PREFIX,
    CELL_SEPARATOR,
    EXPORT_MARKER,
    HEALTH_PREFIX,
    PAPER_LINK_TEXT,
    VENUE_PREFIX,
    id_comment,
)
from tracker.domain import CategoryProgress, PaperView, Status, stars

_SPECIALS = re.compile(r"[\\`*_\[\]<>&~|#$]")
# `1.` / `1)` at the start of a note line would start an ordered list.
_LIST_NUMBER = re.compile(r"(\d+)([.)])")
_EDGE_SPACE = re.compile(r"^\s+|\s+$")
_URL_PLAIN = re.compile(r"[^\s()<>\\&]*")
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# A backslash that markdown-it would read as an escape: before punctuation or the closing `>`.
_PUNCT_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")
_URL_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_INDENT = "  "  # content indent of a `- ` list item


def escape_text(text: str) -> str:
    """Inline-safe Markdown for plain text on a single line (newlines become spaces)."""
    text = text.replace("\n", " ")
    escaped = _SPECIALS.sub(lambda match: "\\" + match[0], text)
    escaped = escaped.replace("·", "&#183;").replace("\t", "&#9;")
    # Leading/trailing whitespace would be trimmed by any Markdown parser; entities survive.
    return _EDGE_SPACE.sub(lambda match: "".join(f"&#{ord(c)};" for c in match[0]), escaped)


def _escape_note_line(line: str) -> str:
    """Like `escape_text`, plus the characters that start a block at the beginning of a line."""
    escaped = escape_text(line)
    if escaped[:1] in ("-", "+", "="):  # a bullet, or a heading underline (`---`, `===`)
        return "\\" + escaped
    if _LIST_NUMBER.match(escaped):
        return _LIST_NUMBER.sub(r"\1\\\2", escaped, count=1)
    return escaped


def _url(url: str) -> str:
    """A link destination that markdown-it reads back as exactly `url`."""
    # Control characters are invalid in URLs and end a link destination: percent-encode them.
    url = _URL_CONTROL.sub(lambda match: f"%{ord(match[0]):02X}", url)
    if _URL_PLAIN.fullmatch(url):
        return url
    url = _PUNCT_BACKSLASH.sub(r"\\\\", url)
    url = _ENTITY_LIKE.sub(r"\\&", url)
    return "<" + url.replace("<", "\\<").replace(">", "\\>") + ">"


def _link(text: str, url: str) -> str:
    return f"[{escape_text(text)}]({_url(url)})"


def _percent(part: float) -> str:
    return f"{round(part * 100)}%"


def _progress_line(reviewed: int, denominator: int, reading: int, skipped: int) -> str:
    fraction = reviewed / denominator if denominator else 0.0
    parts = [f"**{reviewed}/{denominator} reviewed** ({_percent(fraction)})"]
    parts += [f"{reading} reading"] if reading else []
    parts += [f"{skipped} skipped"] if skipped else []
    return CELL_SEPARATOR.join(parts)


def _overall(categories: list[CategoryProgress]) -> str:
    reviewed = sum(category.reviewed for category in categories)
    denominator = sum(category.denominator for category in categories)
    reading = sum(category.reading for category in categories)
    skipped = sum(category.skipped for category in categories)
    return _progress_line(reviewed, denominator, reading, skipped)


def _first_line(paper: PaperView, health: str | None) -> str:
    box = "[x]" if paper.status is Status.REVIEWED else "[ ]"
    name = _link(paper.name, paper.review_url) if paper.review_url else escape_text(paper.name)
    cells = [f"{box} **{name}**"]
    if paper.rating:
        cells.append(stars(paper.rating))
    if paper.status in (Status.READING, Status.SKIPPED):
        cells.append(f"*{paper.status.value}*")
    if paper.best_paper_url:
        cells.append(_link(PAPER_LINK_TEXT, paper.best_paper_url))
    if health:
        cells.append(HEALTH_PREFIX + escape_text(health))
    return CELL_SEPARATOR.join(cells) + " " + id_comment(paper.id)


def _details_line(paper: PaperView) -> str | None:
    cells = [f"*{escape_text(paper.title)}*"] if paper.title else []
    if paper.first_author:
        cells.append(AUTHOR_PREFIX + escape_text(paper.first_author))
    if paper.venue:
        cells.append(VENUE_PREFIX + escape_text(paper.venue))
    if paper.year is not None:
        cells.append(str(paper.year))
    return CELL_SEPARATOR.join(cells) if cells else None


def _quote_safe(notes: str) -> bool:
    """Whether a blockquote can carry the notes exactly (see the module docstring)."""
    if notes[0].isspace() or notes[-1].isspace():
        return False
    return not any(unicodedata.category(char) == "Cc" and char not in "\n\t" for char in notes)


def _notes_block(notes: str) -> list[str]:
    if _quote_safe(notes):
        lines = [_escape_note_line(line) for line in notes.split("\n")]
        # Each line but the last ends in a backslash hard break, so empty lines survive too.
        return [f"{_INDENT}> {line}\\" for line in lines[:-1]] + [f"{_INDENT}> {lines[-1]}"]
    longest = max((len(run) for run in re.findall(r"`+", notes)), default=0)
    fence = "`" * max(3, longest + 1)
    body = [f"{_INDENT}{line}" if line else "" for line in notes.split("\n")]
    return [f"{_INDENT}{fence}text", *body, f"{_INDENT}{fence}"]


def _paper_lines(paper: PaperView, health: str | None) -> list[str]:
    first = _first_line(paper, health)
    details = _details_line(paper)
    lines = [f"- {first}\\", f"{_INDENT}{details}"] if details else [f"- {first}"]
    if paper.notes:
        lines += _notes_block(paper.notes)
    return lines


def _grouped(
    categories: list[CategoryProgress], papers: list[PaperView]
) -> list[tuple[str, CategoryProgress | None, list[PaperView]]]:
    """Papers per category: the given category order first, then any category not listed."""
    by_name: dict[str, list[PaperView]] = {}
    for paper in papers:
        by_name.setdefault(paper.category, []).append(paper)
    known = {category.name: category for category in categories}
    order = [category.name for category in categories]
    order += [name for name in by_name if name not in known]
    order = list(dict.fromkeys(order))  # a category listed twice is still rendered once
    return [(name, known.get(name), by_name[name]) for name in order if by_name.get(name)]


def render_markdown(
    categories: list[CategoryProgress],
    papers: list[PaperView],
    *,
    title: str = "Reading progress",
    generated_at: datetime | None = None,
    link_health: Mapping[str, str] | None = None,
) -> str:
    """Markdown for `papers` (already filtered and ordered), grouped under category headings."""
    health = link_health or {}
    lines = [
        f"{EXPORT_MARKER}: tick boxes, change stars, edit notes; keep the id comments -->",
        f"# {escape_text(title)}",
        "",
        _overall(categories),
    ]
    if generated_at is not None:
        lines[-1] += "\\"
        lines.append(f"*Generated {generated_at.isoformat(sep=' ', timespec='minutes')}*")
    for name, progress, members in _grouped(categories, papers):
        lines += ["", f"## {escape_text(name)}", ""]
        if progress is not None:
            line = _progress_line(
                progress.reviewed, progress.denominator, progress.reading, progress.skipped
            )
            lines += [line, ""]
        for paper in members:
            lines += _paper_lines(paper, health.get(paper.id))
    return "\n".join(lines) + "\n"
