"""Offline checks of catalog URLs: no network, only what the text of the catalog shows."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from tracker.catalog.text import url_problem
from tracker.domain import slugify
from tracker.services.links.dns import is_ip_literal
from tracker.services.links.targets import LinkKind, LinkTarget
from tracker.services.links.tds import article_problem


class Severity(enum.StrEnum):
    # The URL cannot work as written: it counts as broken, online or offline.
    ERROR = "error"
    WARNING = "warning"
    # Worth knowing, nothing to fix (e.g. a misfiling the catalog already corrected).
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class StaticIssue:
    code: str
    severity: Severity
    message: str


def static_issues(
    targets: Sequence[LinkTarget],
    categories: Sequence[str],
    *,
    catalog: Sequence[LinkTarget] | None = None,
) -> dict[LinkTarget, tuple[StaticIssue, ...]]:
    """Issues per target (targets without issues are absent).

    `catalog` is every target of the store, so a duplicate is found even when the audit is
    limited to one category; it defaults to `targets`.
    """
    dupes = _duplicates(catalog if catalog is not None else targets)
    named = _CategoryNames(categories)
    out: dict[LinkTarget, tuple[StaticIssue, ...]] = {}
    for t in targets:
        issues = [*_url_issues(t.url), *dupes.get(t, ()), *named.issues(t)]
        if issues:
            out[t] = tuple(issues)
    return out


def is_fatal(issues: Iterable[StaticIssue]) -> bool:
    return any(i.severity is Severity.ERROR for i in issues)


def _url_issues(url: str) -> list[StaticIssue]:
    problem = url_problem(url)
    if problem:
        return [StaticIssue("bad-url", Severity.ERROR, problem)]
    issues: list[StaticIssue] = []
    host = urlsplit(url).hostname or ""
    if "." not in host and not is_ip_literal(host):
        issues.append(StaticIssue("bad-host", Severity.WARNING, f"host {host!r} has no domain"))
    article = article_problem(url)
    if article:
        issues.append(StaticIssue("not-an-article", Severity.WARNING, article))
    return issues


def normalized(url: str) -> str:
    """The identity of a URL for duplicate detection: case of scheme/host, default port,
    fragment and a trailing slash do not make two links different."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if port and (scheme, port) not in {("http", 80), ("https", 443)}:
        host = f"{host}:{port}"
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((scheme, host, path, parts.query, ""))


def _duplicates(targets: Sequence[LinkTarget]) -> dict[LinkTarget, list[StaticIssue]]:
    by_url: dict[str, list[LinkTarget]] = defaultdict(list)
    for t in targets:
        by_url[normalized(t.url)].append(t)
    out: dict[LinkTarget, list[StaticIssue]] = defaultdict(list)
    for group in by_url.values():
        if len(group) < 2:
            continue
        for t in group:
            others = [o for o in group if o is not t]
            same_paper = [o for o in others if o.paper_id == t.paper_id]
            other_papers = list(
                dict.fromkeys(o.paper_id for o in others if o.paper_id != t.paper_id)
            )
            if same_paper:
                out[t].append(
                    StaticIssue(
                        "same-as-other-kind",
                        Severity.WARNING,
                        "review URL and paper URL are the same link",
                    )
                )
            if other_papers:
                shown = ", ".join(other_papers[:3]) + (" ..." if len(other_papers) > 3 else "")
                out[t].append(
                    StaticIssue("duplicate", Severity.WARNING, f"same URL as paper(s) {shown}")
                )
    return out


class _CategoryNames:
    """Which catalog categories a review URL's slug spells out (`...-instance-segmentation-...`)."""

    def __init__(self, categories: Sequence[str]) -> None:
        self.tokens = {c: tuple(slugify(c).split("-")) for c in categories if slugify(c)}

    def named_in(self, url: str) -> list[str]:
        try:
            path = urlsplit(url).path
        except ValueError:
            return []
        segments = [s for s in path.split("/") if s]
        if not segments:
            return []
        words = tuple(slugify(segments[-1]).split("-"))
        return [c for c, toks in self.tokens.items() if _contains(words, toks)]

    def issues(self, t: LinkTarget) -> list[StaticIssue]:
        if t.kind is not LinkKind.REVIEW:
            return []
        named = self.named_in(t.url)
        if not named or t.category in named:
            if t.listed_under and named and t.listed_under not in named:
                return [
                    StaticIssue(
                        "listed-elsewhere",
                        Severity.NOTE,
                        f"the source list filed it under {t.listed_under}; the review URL "
                        f"says {_slug(named)}, which matches the catalog",
                    )
                ]
            return []
        return [
            StaticIssue(
                "category-mismatch",
                Severity.WARNING,
                f"review URL says {_slug(named)} but the paper is filed under {t.category}",
            )
        ]


def _slug(names: Sequence[str]) -> str:
    return " / ".join(slugify(n) for n in names)


def _contains(words: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(words[i : i + n] == needle for i in range(len(words) - n + 1))
