"""The detail panel: everything about the highlighted paper.

Facts come from the table's row at once (so moving the cursor never waits for the database);
history and link health arrive a moment later from a worker. Notes are rendered as Markdown,
with the Markdown widget mounted only once some paper actually has notes: most papers have
none, and its import and layout are the most expensive part of this panel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tracker.domain import RATING_MEANINGS, STATUS_GLYPHS, HistoryEntry, PaperView, Status, stars
from tracker.services.browse import LinkState, PaperDetail
from tracker.tui.text import ago, local_date, shown, shown_notes

if TYPE_CHECKING:
    from textual.widgets import Markdown

# Theme variables, so the light theme gets readable colours too.
STATUS_STYLES = {
    Status.UNREAD: "$text-muted",
    Status.READING: "bold $text-warning",
    Status.REVIEWED: "bold $text-success",
    Status.SKIPPED: "$text-muted",
}
VERDICT_MARKS = {
    "ok": ("✓", "$text-success"),
    "redirected": ("↪", "$text-warning"),
    "broken": ("✗", "bold $text-error"),
    "blocked": ("⊘", "$text-warning"),
    "rate-limited": ("…", "$text-warning"),
    "timeout": ("…", "$text-warning"),
    "error": ("!", "$text-error"),
}
MUTED = "$text-muted"
Part = str | tuple[str, str]


class DetailPanel(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    DetailPanel {
        background: $surface;
        padding: 0 1;
        scrollbar-size-vertical: 1;
        Static { width: 1fr; }
        .section { color: $text-accent; text-style: bold; margin-top: 1; }
        #detail-notes-empty, #detail-history { color: $text-muted; }
        #detail-links { text-wrap: nowrap; text-overflow: ellipsis; }
        &.-empty .section, &.-empty #detail-history { display: none; }
        Markdown { margin: 0; padding: 0; background: $surface; }
        MarkdownBlock { margin: 0 0 1 0; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._paper_id: str | None = None
        self._notes: str | None = None
        self._markdown: Markdown | None = None
        self._shown: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="detail-facts")
        yield Static(id="detail-links")
        yield Static("Notes", classes="section", id="detail-notes-title")
        yield Static(id="detail-notes-empty")
        yield Static("History", classes="section", id="detail-history-title")
        yield Static(id="detail-history")

    def show(self, paper: PaperView | None, detail: PaperDetail | None = None) -> None:
        """Show `paper` (its detail when it has arrived); None: nothing selected."""
        self.set_class(paper is None, "-empty")
        if paper is None:
            self._paper_id = None
            self._put("#detail-facts", Content.styled("Nothing selected.", "italic $text-muted"))
            self._put("#detail-links", Content(""))
            self._set_notes("")
            self._put("#detail-history", Content(""))
            # Nothing to annotate: no "press n" hint (and show it again for the next paper).
            self.query_one("#detail-notes-empty").display = False
            self._notes = None
            return
        if paper.id != self._paper_id:
            self.scroll_home(animate=False, immediate=True)
        self._paper_id = paper.id
        if detail is not None:
            paper = detail.paper
        self._put("#detail-facts", facts(paper))
        self._put("#detail-links", links(paper, detail))
        self._set_notes(paper.notes)
        history = Content("…") if detail is None else history_text(detail.history)
        self._put("#detail-history", history)

    def _put(self, selector: str, content: Content) -> None:
        # A layout pass repaints the whole screen (the table included), which is most of the
        # cost of a cursor move. So: identical content is skipped (the facts are shown twice,
        # from the row and then from the loaded detail), and a layout is only asked for when
        # the new content needs a different number of lines.
        old = self._shown.get(selector)
        if old == content:
            return
        self._shown[selector] = content
        static = self.query_one(selector, Static)
        width = static.content_region.width
        same_height = (
            isinstance(old, Content)
            and width > 0
            and old.get_height(static.styles, width) == content.get_height(static.styles, width)
        )
        static.update(content, layout=not same_height)

    def _set_notes(self, notes: str) -> None:
        if notes == self._notes:
            return
        self._notes = notes
        empty = self.query_one("#detail-notes-empty", Static)
        if not notes.strip():
            empty.update("No notes yet: press n to write some.")
            empty.display = True
            if self._markdown is not None:
                self._markdown.display = False
            return
        empty.display = False
        if self._markdown is None:
            from textual.widgets import Markdown

            # open_links=False: the screen opens only http(s) links (see MainScreen).
            self._markdown = Markdown(shown_notes(notes), id="detail-notes", open_links=False)
            self.mount(self._markdown, after=empty)
            return
        self._markdown.display = True
        self._markdown.update(shown_notes(notes))


def facts(paper: PaperView) -> Content:
    """Name, title, authorship, status with dates and rating."""
    parts: list[Part] = [(shown(paper.name), "bold")]
    if paper.aliases:
        parts.append(("  " + ", ".join(shown(a) for a in paper.aliases), MUTED))
    if paper.title:
        parts.append(("\n" + shown(paper.title), "italic"))
    meta = [shown(x) for x in (paper.first_author, paper.venue) if x]
    if paper.year and not any(str(paper.year) in m for m in meta):
        meta.insert(1 if paper.first_author else 0, str(paper.year))
    meta.append(shown(paper.category))
    parts += [("\n" + " · ".join(meta), MUTED), "\n"]
    parts.append(
        (f"{STATUS_GLYPHS[paper.status]} {paper.status.value}", STATUS_STYLES[paper.status])
    )
    pr = paper.progress
    dates = []
    if pr.started_at:
        dates.append(f"started {local_date(pr.started_at)}")
    if pr.finished_at:
        dates.append(f"finished {local_date(pr.finished_at)}")
    if dates:
        parts.append(("  " + " · ".join(dates), MUTED))
    parts.append("  ")
    if paper.rating:
        parts += [(stars(paper.rating), "$text-warning"), f" {RATING_MEANINGS[paper.rating]}"]
    else:
        parts.append(("not rated", MUTED))
    return Content.assemble(*parts)


def links(paper: PaperView, detail: PaperDetail | None) -> Content:
    """Review and paper URLs, each with its health from the last audit (one line each: the
    panel crops them; `o` and `p` open them)."""
    states = detail.links if detail is not None else None
    parts: list[Part] = []
    for kind, url in (("review", paper.review_url), ("paper", paper.best_paper_url)):
        if parts:
            parts.append("\n")
        parts.append((f"{kind:<7}", MUTED))
        if not url:
            parts.append(("none", MUTED))
            continue
        state = next((s for s in states or () if s.kind == kind and s.url == url), None)
        parts += link_health(state, loading=states is None)
        parts.append("  " + shown(url))
    return Content.assemble(*parts)


def link_health(state: LinkState | None, *, loading: bool = False) -> list[Part]:
    if loading:
        return [("…", MUTED)]
    if state is None or state.verdict is None:
        return [("not audited", MUTED)]
    mark, style = VERDICT_MARKS.get(state.verdict, ("?", MUTED))
    parts: list[Part] = [(f"{mark} {state.verdict}", style)]
    if state.status_code:
        parts.append((f" ({state.status_code})", style))
    if state.verdict == "redirected" and state.final_url:
        parts.append(" → " + shown(state.final_url))
    elif state.detail and state.verdict != "ok":
        parts.append((" " + shown(state.detail), MUTED))
    if state.checked_at is not None:
        parts.append((f" · checked {ago(state.checked_at)}", MUTED))
    return parts


def history_text(entries: list[HistoryEntry]) -> Content:
    if not entries:
        return Content("No changes yet.")
    parts: list[Part] = []
    for i, e in enumerate(entries):
        if i:
            parts.append("\n")
        parts.append(f"{ago(e.at):>9}  ")
        if e.field == "notes":
            parts.append("notes edited")
        elif e.field in {"started_at", "finished_at"}:
            parts.append(f"{e.field.removesuffix('_at')} {'set' if e.new else 'cleared'}")
        elif e.field == "rating":
            old = stars(int(e.old)) if e.old else "–"
            new = stars(int(e.new)) if e.new else "–"
            parts.append(f"rating {old} → {new}")
        else:
            parts.append(f"{e.field} {shown(e.old) or '–'} → {shown(e.new) or '–'}")
        parts.append((f"  {e.source}" + (" (undo)" if e.undoes else ""), MUTED))
    return Content.assemble(*parts)
