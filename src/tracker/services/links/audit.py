"""The link audit service: targets from the store, cache, online or offline checks, persistence.

Front ends call `run_audit` (or `audit` from async code) and render the `AuditReport`; nothing
here prints. The HTTP stack is imported only when an online run actually starts.
"""

from __future__ import annotations

import asyncio
import enum
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from tracker import clock
from tracker.services.links import tds
from tracker.services.links.settings import CheckSettings
from tracker.services.links.static import Severity, StaticIssue, is_fatal, static_issues
from tracker.services.links.targets import LinkTarget, targets_for, unique_urls
from tracker.services.links.verdicts import DEAD, Hop, LinkResult, Verdict, is_reusable
from tracker.services.links.wayback import wayback_url
from tracker.store.database import Database
from tracker.store.link_checks import LinkHealth, latest_by_url, save_checks
from tracker.store.papers import categories, list_papers

if TYPE_CHECKING:
    from tracker.services.links.checker import CheckRun

Progress = Callable[[int, int], None]


class Checker(Protocol):
    async def run(self, urls: Sequence[str]) -> CheckRun: ...


# Builds the online checker; tests inject one over a MockTransport or a loopback server.
CheckerFactory = Callable[[CheckSettings, Callable[[LinkResult], None]], Checker]


class Source(enum.StrEnum):
    ONLINE = "online"  # checked by this run
    CACHE = "cache"  # a definitive verdict younger than --max-age, reused
    LAST_KNOWN = "last-known"  # offline: the newest stored verdict, whatever it was
    STATIC = "static"  # the URL cannot work as written; no request needed
    UNCHECKED = "unchecked"  # offline, and never checked online


@dataclass(frozen=True, slots=True)
class AuditOptions:
    offline: bool = False
    # Exact category name (front ends resolve prefixes); None = every category.
    category: str | None = None
    # Reuse definitive verdicts younger than this; None = check everything again.
    max_age: timedelta | None = None
    settings: CheckSettings = field(default_factory=CheckSettings)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One (paper, link) line of the report."""

    target: LinkTarget
    source: Source
    verdict: Verdict | None
    status_code: int | None = None
    final_url: str | None = None
    detail: str = ""
    checked_at: datetime | None = None
    elapsed_ms: int | None = None
    chain: tuple[Hop, ...] = ()
    issues: tuple[StaticIssue, ...] = ()
    # Where to point the link instead: the new URL of a move, or the archive of a TDS article.
    suggestion: str | None = None
    # For broken links: the Wayback Machine's copy (constructed, never looked up).
    wayback_url: str | None = None

    @property
    def is_dead(self) -> bool:
        return self.verdict in DEAD

    @property
    def is_problem(self) -> bool:
        """Anything to look at: a verdict other than ok, or a static warning/error."""
        if self.verdict not in (None, Verdict.OK):
            return True
        return any(i.severity is not Severity.NOTE for i in self.issues)


@dataclass(frozen=True, slots=True)
class AuditReport:
    mode: str  # "online" or "offline"
    entries: tuple[AuditEntry, ...]
    generated_at: datetime
    # Said once to the user, e.g. "network unreachable: showing offline checks".
    notice: str | None = None
    checked: int = 0  # URLs fetched by this run
    reused: int = 0  # URLs answered from the cache (--max-age)

    @property
    def broken(self) -> int:
        return sum(1 for e in self.entries if e.is_dead)

    def counts(self) -> Counter[str]:
        return Counter(
            e.verdict.value if e.verdict else Source.UNCHECKED.value for e in self.entries
        )

    def by_category(self) -> dict[str, Counter[str]]:
        out: dict[str, Counter[str]] = {}
        for e in self.entries:
            key = e.verdict.value if e.verdict else Source.UNCHECKED.value
            out.setdefault(e.target.category, Counter())[key] += 1
        return out


def run_audit(
    db: Database,
    options: AuditOptions,
    *,
    on_progress: Progress | None = None,
    checker_factory: CheckerFactory | None = None,
) -> AuditReport:
    """Synchronous entry point (CLI, TUI worker threads): runs its own event loop."""
    return asyncio.run(audit(db, options, on_progress=on_progress, checker_factory=checker_factory))


async def audit(
    db: Database,
    options: AuditOptions,
    *,
    on_progress: Progress | None = None,
    checker_factory: CheckerFactory | None = None,
) -> AuditReport:
    with db.read() as conn:
        papers = list_papers(conn)
        names = categories(conn)
        latest = latest_by_url(conn)
    catalog = targets_for(papers)
    targets = [t for t in catalog if options.category in (None, t.category)]
    issues = static_issues(targets, names, catalog=catalog)
    now = clock.now()

    usable = [t for t in targets if not is_fatal(issues.get(t, ()))]
    if options.offline:
        return _offline_report(targets, issues, latest, now, notice=None)

    cached: dict[str, LinkHealth] = {}
    if options.max_age is not None:
        for url in unique_urls(usable):
            h = latest.get(url)
            if h and is_reusable(h.verdict, h.status_code) and h.age(now) <= options.max_age:
                cached[url] = h
    to_check = [u for u in unique_urls(usable) if u not in cached]

    run = await _check_online(to_check, options.settings, on_progress, checker_factory)
    if run.network_down:
        notice = f"network unreachable ({run.network_down}): showing offline checks instead"
        return _offline_report(targets, issues, latest, now, notice=notice)

    entries = [_entry(t, issues.get(t, ()), run.results, cached) for t in targets]
    fresh = [e for e in entries if e.source is Source.ONLINE]
    with db.write() as conn:
        save_checks(conn, [_health(e) for e in fresh])
    return AuditReport(
        "online",
        tuple(entries),
        clock.now(),
        checked=len(run.results),
        reused=len(cached),
    )


async def _check_online(
    urls: list[str],
    settings: CheckSettings,
    on_progress: Progress | None,
    factory: CheckerFactory | None,
) -> CheckRun:
    from tracker.services.links.checker import CheckRun, LinkChecker

    if not urls:
        return CheckRun({})
    done = 0

    def on_result(_result: LinkResult) -> None:
        nonlocal done
        done += 1
        if on_progress is not None:
            on_progress(done, len(urls))

    if factory is not None:
        checker: Checker = factory(settings, on_result)
    else:
        checker = LinkChecker(settings, on_result=on_result)
    return await checker.run(urls)


def _entry(
    t: LinkTarget,
    issues: tuple[StaticIssue, ...],
    results: dict[str, LinkResult],
    cached: dict[str, LinkHealth],
) -> AuditEntry:
    if is_fatal(issues):
        return _static_entry(t, issues)
    result = results.get(t.url)
    if result is not None:
        return _suggest(
            AuditEntry(
                t,
                Source.ONLINE,
                result.verdict,
                result.status_code,
                result.final_url,
                _explain(t.url, result.verdict, result.detail),
                result.checked_at,
                result.elapsed_ms,
                result.chain,
                issues,
            )
        )
    return _from_store(t, issues, cached[t.url], Source.CACHE)


def _offline_report(
    targets: list[LinkTarget],
    issues: dict[LinkTarget, tuple[StaticIssue, ...]],
    latest: dict[str, LinkHealth],
    now: datetime,
    *,
    notice: str | None,
) -> AuditReport:
    entries: list[AuditEntry] = []
    for t in targets:
        found = issues.get(t, ())
        if is_fatal(found):
            entries.append(_static_entry(t, found))
        elif t.url in latest:
            entries.append(_from_store(t, found, latest[t.url], Source.LAST_KNOWN))
        else:
            entries.append(AuditEntry(t, Source.UNCHECKED, None, issues=found))
    return AuditReport("offline", tuple(entries), now, notice=notice)


def _static_entry(t: LinkTarget, issues: tuple[StaticIssue, ...]) -> AuditEntry:
    detail = "; ".join(i.message for i in issues if i.severity is Severity.ERROR)
    return AuditEntry(t, Source.STATIC, Verdict.BROKEN, detail=detail, issues=issues)


def _from_store(
    t: LinkTarget, issues: tuple[StaticIssue, ...], h: LinkHealth, source: Source
) -> AuditEntry:
    try:
        verdict = Verdict(h.verdict)
    except ValueError:
        verdict = Verdict.ERROR  # a verdict from a newer tracker: show it as "look at this"
    return _suggest(
        AuditEntry(
            t,
            source,
            verdict,
            h.status_code,
            h.final_url,
            h.detail,
            h.checked_at,
            h.elapsed_ms,
            tuple(Hop(u, s) for u, s in h.chain),
            issues,
        )
    )


def _explain(url: str, verdict: Verdict, detail: str) -> str:
    if verdict is Verdict.BLOCKED and tds.medium_path(url) is not None:
        return f"{detail}; Medium answers 403 to non-browser clients, check it in a browser"
    return detail


def _suggest(e: AuditEntry) -> AuditEntry:
    if e.verdict is Verdict.REDIRECTED and e.final_url:
        return replace(e, suggestion=e.final_url)
    if e.verdict is Verdict.BROKEN:
        url = e.target.url
        return replace(e, suggestion=tds.archive_url(url), wayback_url=wayback_url(url))
    return e


def _health(e: AuditEntry) -> LinkHealth:
    assert e.verdict is not None and e.checked_at is not None
    return LinkHealth(
        url=e.target.url,
        paper_id=e.target.paper_id,
        kind=e.target.kind.value,
        verdict=e.verdict.value,
        status_code=e.status_code,
        final_url=e.final_url,
        detail=e.detail,
        checked_at=e.checked_at,
        elapsed_ms=e.elapsed_ms,
        chain=tuple((h.url, h.status) for h in e.chain),
    )
