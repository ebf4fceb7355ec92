"""What the audit checks: one target per (paper, URL kind)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from tracker.domain import PaperView


class LinkKind(enum.StrEnum):
    REVIEW = "review"
    PAPER = "paper"


@dataclass(frozen=True, slots=True)
class LinkTarget:
    paper_id: str
    paper_name: str
    url: str
    kind: LinkKind
    category: str
    # The category a source list filed the paper under, when the catalog corrected it.
    listed_under: str | None = None


def targets_for(papers: Iterable[PaperView]) -> list[LinkTarget]:
    """Review URL, then paper URL (explicit, or the arXiv abstract page), in catalog order."""
    out: list[LinkTarget] = []
    for p in papers:
        out.append(
            LinkTarget(p.id, p.name, p.review_url, LinkKind.REVIEW, p.category, p.listed_under)
        )
        paper_url = p.best_paper_url
        if paper_url:
            out.append(
                LinkTarget(p.id, p.name, paper_url, LinkKind.PAPER, p.category, p.listed_under)
            )
    return out


def unique_urls(targets: Iterable[LinkTarget]) -> list[str]:
    """Each URL once, first-seen order: a URL shared by two papers is fetched once."""
    return list(dict.fromkeys(t.url for t in targets))
