"""Block structure: markdown-it's token stream flattened into the blocks that can hold entries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from tracker.catalog.markdown.inline import Piece, fast_links, parse_inline
from tracker.catalog.markdown.parser import markdown_parser


@dataclass(slots=True)
class Block:
    """One block that can matter: a heading, a paragraph, a list item's first paragraph, a fence."""

    kind: str  # "heading" | "para" | "item" | "fence"
    line: int  # 1-based
    src: str  # inline source (raw Markdown), or the fence content
    level: int = 0  # heading level
    list_id: int = -1  # items: the list they belong to (tables of contents are whole lists)
    item_id: int = -1  # innermost list item containing the block (the item itself for "item")
    fast_links: list[tuple[str, str]] | None = None  # set when the fast path read the item


def read_blocks(text: str, env: dict[str, object]) -> list[Block]:
    """Parse the block structure of `text` (inline parsing is left for later, into `env`)."""
    return _collect_blocks(markdown_parser().parse(text, env))


def _collect_blocks(tokens: Sequence[Token]) -> list[Block]:
    """Flatten the token stream into the blocks that matter, tracking lists and items."""
    blocks: list[Block] = []
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
            blocks.append(Block("fence", line, token.content, item_id=item))
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
) -> Block:
    line = _line_of(token)
    item = items[-1] if items else -1
    if heading_level:
        return Block("heading", line, token.content, level=heading_level, item_id=item)
    if item in fresh_items:
        # An item's first paragraph is the item itself; later paragraphs are ordinary.
        fresh_items.discard(item)
        return Block("item", line, token.content, list_id=lists[-1], item_id=item)
    return Block("para", line, token.content, item_id=item)


def _fast_blocks(token: Token, new_id: Callable[[str], int]) -> list[Block]:
    blocks: list[Block] = []
    marker = ""
    list_id = -1
    for line, bullet, content in token.meta["items"]:
        if bullet != marker:  # a different bullet character starts a new list
            marker, list_id = bullet, new_id("list")
        item_id = new_id("item")
        # Positional (kind, line, src, level, list_id, item_id, fast_links): once per entry.
        blocks.append(Block("item", line + 1, content, 0, list_id, item_id, fast_links(content)))
    return blocks


def _line_of(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def item_pieces(block: Block, env: dict[str, object]) -> list[Piece]:
    if block.fast_links is not None:
        return [Piece("link", text, href) for text, href in block.fast_links]
    return parse_inline(block.src, env)
