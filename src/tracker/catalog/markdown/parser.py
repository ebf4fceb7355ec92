"""The markdown-it parser the importer uses, with its fast block rule for one-line bullets.

Block structure is parsed once with inline parsing switched off; inline source is parsed on demand
(`tracker.catalog.markdown.inline.parse_inline`) for blocks that can hold an entry.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

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
def markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    # Inline content is parsed on demand; text_join is off so escapes stay distinguishable.
    md.disable(["inline", "text_join"])
    md.block.ruler.before("table", "fast_bullets", _fast_bullets)
    # Keep URLs as written (markdown-it would percent-encode them), so they round-trip exactly.
    md.normalizeLink = _keep_url  # type: ignore[method-assign]
    return md


def _keep_url(url: str) -> str:
    return url
