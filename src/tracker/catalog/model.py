"""What a parsed catalog looks like, whatever file it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.domain import HistoryEntry, Progress
from tracker.errors import TrackerError

# Catalog fields that an import may update; progress fields are never among them.
CATALOG_FIELDS: tuple[str, ...] = (
    "name",
    "category",
    "review_url",
    "aliases",
    "title",
    "first_author",
    "year",
    "venue",
    "arxiv",
    "paper_url",
    "listed_under",
)


class CatalogError(TrackerError, ValueError):
    """Bad input. `str(err)` is one line naming the file, line and field, safe to print."""

    def __init__(self, message: str, *, source: str = "", line: int | None = None) -> None:
        self.source = source
        self.line = line
        self.message = message
        where = source
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True, slots=True)
class CatalogPaper:
    id: str
    name: str
    category: str
    review_url: str
    aliases: tuple[str, ...] = ()
    title: str | None = None
    first_author: str | None = None
    year: int | None = None
    venue: str | None = None
    arxiv: str | None = None
    paper_url: str | None = None
    # The category the source list filed it under, when that was wrong (e.g. SharpMask).
    listed_under: str | None = None
    # Where the entry starts in its source file, for error messages and reports.
    line: int | None = None
    # Set only by sources that carry the user's progress (JSON backups, tracker Markdown exports).
    progress: Progress | None = None

    def catalog_values(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in CATALOG_FIELDS}


@dataclass(slots=True)
class Catalog:
    categories: list[str]
    papers: list[CatalogPaper]
    source: str = ""
    # "catalog" (YAML / plain Markdown list), "backup" (JSON), "export" (tracker Markdown export).
    kind: str = "catalog"
    history: list[HistoryEntry] = field(default_factory=list)

    @property
    def carries_progress(self) -> bool:
        return self.kind in {"backup", "export"}
