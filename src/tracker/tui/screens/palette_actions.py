"""The main screen's command-palette actions: export, offline link audit, paper search.

A mixin of `MainScreen`, kept apart so that module stays about panes, keys and the table. The
workers here report errors to the screen's one `on_worker_state_changed` handler like all others.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from tracker.domain import PaperView
from tracker.services import browse
from tracker.store.database import Database
from tracker.tui.messages import Notice

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object


class PaletteActions(_Base):
    db: Database

    def export_markdown(self) -> None:
        from tracker.tui.screens.confirm import ConfirmScreen
        from tracker.tui.screens.prompt import PromptScreen

        def chosen(path_text: str | None) -> None:
            if not path_text:
                return
            path = Path(path_text).expanduser()
            if path.exists():
                question = f"{path} exists. Replace it?"
                self.app.push_screen(
                    ConfirmScreen(question, yes="Replace", no="Cancel"),
                    lambda yes: self._export(path) if yes else None,
                )
            else:
                self._export(path)

        default = str(Path.cwd() / "reading-list.md")
        self.app.push_screen(
            PromptScreen("Export the reading list as Markdown to:", default), chosen
        )

    def audit_links_offline(self) -> None:
        self.notify("Auditing links offline…")
        self._audit_offline()

    async def search_papers(self, text: str) -> list[PaperView]:
        """For the palette's "jump to paper": a worker, so errors reach the one handler."""
        worker = self._find_papers(text)
        await worker.wait()
        return worker.result or []

    @work(thread=True, exclusive=True, group="find", exit_on_error=False, name="searching")
    def _find_papers(self, text: str) -> list[PaperView]:
        return browse.find_papers(self.db, text)

    @work(thread=True, group="export", exit_on_error=False, name="exporting")
    def _export(self, path: Path) -> None:
        from tracker.atomic import write_text_atomically
        from tracker.services.exporter import export_markdown

        write_text_atomically(path, export_markdown(self.db))
        self.post_message(Notice(f"Wrote the reading list to {path}"))

    @work(thread=True, group="audit", exit_on_error=False, name="auditing links")
    def _audit_offline(self) -> None:
        summary = browse.offline_audit(self.db)
        self.post_message(Notice(summary.text))
        self.app.call_from_thread(self._show_report, "Link audit (offline)", summary.markdown)

    def _show_report(self, title: str, markdown: str) -> None:
        from tracker.tui.screens.report import ReportScreen

        self.app.push_screen(ReportScreen(title, markdown))
