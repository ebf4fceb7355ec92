"""The palette's "jump to paper": type part of a name, alias or title; enter jumps to it.

Paper names are data: hits are built as plain `Content` and styled by hand, because
`Matcher.highlight` parses its candidate as markup.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tracker.tui.text import shown

MIN_QUERY = 2


class PaperJumpProvider(Provider):
    """Type part of a paper's name, alias or title; enter jumps to it in its pane."""

    async def discover(self) -> Hits:
        yield DiscoveryHit("Jump to paper…", self._hint, help="Type part of a name, alias or title")

    def _hint(self) -> None:
        self.app.notify("Type part of a paper's name in the command palette to jump to it.")

    async def search(self, query: str) -> Hits:
        from tracker.tui.screens.main import MainScreen

        screen = self.screen  # where ctrl+p was pressed
        if not isinstance(screen, MainScreen) or len(query.strip()) < MIN_QUERY:
            return
        needle = query.strip().casefold()
        for paper in await screen.search_papers(query):
            name = shown(paper.name)
            display = Content.assemble(
                ("Jump to ", "$text-muted"), name, (f"  {shown(paper.category)}", "$text-muted")
            )
            score = 1.0 if name.casefold().startswith(needle) else 0.6
            yield Hit(score, display, partial(screen.jump_to, paper), text=f"Jump to {name}")
