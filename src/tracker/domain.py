"""Plain domain types shared by every layer.

These are what front ends see: frozen dataclasses, never live ORM objects. This module imports
only the standard library so the CLI can use it without paying for SQLModel.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime


class Status(enum.StrEnum):
    UNREAD = "unread"
    READING = "reading"
    REVIEWED = "reviewed"
    SKIPPED = "skipped"


STATUS_GLYPHS: dict[Status, str] = {
    Status.UNREAD: "○",
    Status.READING: "◐",
    Status.REVIEWED: "●",
    Status.SKIPPED: "⊘",
}

# `space` in the TUI cycles through these; skipped papers re-enter the cycle as unread.
STATUS_CYCLE: dict[Status, Status] = {
    Status.UNREAD: Status.READING,
    Status.READING: Status.REVIEWED,
    Status.REVIEWED: Status.UNREAD,
    Status.SKIPPED: Status.UNREAD,
}

# What each star means; shown in `--help`, the TUI help screen and the README.
RATING_MEANINGS: dict[int, str] = {
    1: "not worth it",
    2: "skimmable",
    3: "solid",
    4: "recommended",
    5: "essential",
}
MAX_RATING = 5


def rating_help() -> str:
    return ", ".join(f"{n} = {text}" for n, text in RATING_MEANINGS.items())


def stars(rating: int | None) -> str:
    """`★★★☆☆` for 3; empty for no rating."""
    if not rating:
        return ""
    return "★" * rating + "☆" * (MAX_RATING - rating)


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _fold(text: str) -> str:
    """Lower-case ASCII letters and digits survive; accents are dropped (é -> e)."""
    if text.isascii():
        # ASCII has no decompositions or combining marks and its casefold is lower(): the
        # Unicode work below is ~5x slower and big imports fold hundreds of thousands of names.
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize_key(text: str) -> str:
    """Lookup key: case, accents and punctuation ignored (`Inception v3` == `inception-v3`)."""
    return _NON_ALNUM.sub("", _fold(text))


def slugify(text: str) -> str:
    """A stable id from a name: `GoogLeNet / Inception-v1` -> `googlenet-inception-v1`."""
    return _NON_ALNUM.sub("-", _fold(text)).strip("-")[:80] or "paper"


# The columns a paper's progress is stored in (the `Progress` fields), in one place.
PROGRESS_FIELDS: tuple[str, ...] = (
    "status",
    "rating",
    "notes",
    "started_at",
    "finished_at",
    "updated_at",
)


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… whichever is free; the result is added to `taken`."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


@dataclass(frozen=True, slots=True)
class Progress:
    """What the user owns for one paper."""

    status: Status = Status.UNREAD
    rating: int | None = None
    notes: str = ""
    started_at: datetime | None = None
    finished_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PaperView:
    """One paper as front ends see it: catalog fields plus the user's progress."""

    id: str
    name: str
    category: str
    position: int
    review_url: str
    aliases: tuple[str, ...] = ()
    title: str | None = None
    first_author: str | None = None
    year: int | None = None
    venue: str | None = None
    arxiv: str | None = None
    paper_url: str | None = None
    listed_under: str | None = None
    progress: Progress = field(default_factory=Progress)

    @property
    def status(self) -> Status:
        return self.progress.status

    @property
    def rating(self) -> int | None:
        return self.progress.rating

    @property
    def notes(self) -> str:
        return self.progress.notes

    @property
    def best_paper_url(self) -> str | None:
        if self.paper_url:
            return self.paper_url
        if self.arxiv:
            return f"https://arxiv.org/abs/{self.arxiv}"
        return None


@dataclass(frozen=True, slots=True)
class CategoryProgress:
    name: str
    total: int
    reviewed: int
    reading: int
    skipped: int
    rated: int = 0
    mean_rating: float | None = None

    @property
    def denominator(self) -> int:
        """Skipped papers leave the denominator."""
        return self.total - self.skipped

    @property
    def fraction(self) -> float:
        return self.reviewed / self.denominator if self.denominator else 0.0

    @property
    def label(self) -> str:
        return f"{self.reviewed}/{self.denominator} reviewed"


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One append-only change record: what changed, from what, to what, when."""

    id: int
    paper_id: str
    field: str
    old: str | None
    new: str | None
    at: datetime
    batch: str
    source: str
    undoes: str | None = None
