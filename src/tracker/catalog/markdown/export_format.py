"""The tracker Markdown export format: what its writer and its reader must agree on.

Written by `tracker.services.markdown_export`; read back by
`tracker.catalog.markdown.export_reader`.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

# First line of every export; its presence switches the parser to the exact export reader.
EXPORT_MARKER = "<!-- tracker-export v1"
# Between the fields of a paper line. Field text never contains it: `·` is written as an entity.
CELL_SEPARATOR = " · "
PAPER_LINK_TEXT = "paper"
AUTHOR_PREFIX = "by "
VENUE_PREFIX = "in "
HEALTH_PREFIX = "link: "
_ID_COMMENT = re.compile(r"<!--\s*id:\s*(\S+)\s*-->")


def id_comment(paper_id: str) -> str:
    """The HTML comment carrying a paper's id (invisible on GitHub)."""
    # Quoted so the id can never close the comment early or contain `--`.
    return f"<!-- id: {quote(paper_id, safe='').replace('--', '-%2D')} -->"


def id_from_comment(html: str) -> str | None:
    """The paper id in an `id_comment`, or None when `html` holds none."""
    match = _ID_COMMENT.search(html)
    return unquote(match[1]) if match else None
