"""Verdicts and results of the link audit, and which of them may be reused from the store."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Verdict(enum.StrEnum):
    OK = "ok"
    # A permanent move (301/308 somewhere in the chain) that ended on a live page.
    REDIRECTED = "redirected"
    # Dead: 404/410, or a host name that no longer resolves while other hosts do.
    BROKEN = "broken"
    # 401/403/451 and bot walls: the link may well be fine for a person with a browser.
    BLOCKED = "blocked"
    RATE_LIMITED = "rate-limited"
    TIMEOUT = "timeout"
    # TLS, connection refused, protocol errors, 5xx after retries, redirect loops...
    ERROR = "error"


# Only these count as dead for the exit code and the "broken" total: a report that is half
# false alarms (bot walls, rate limits, flaky servers) is worse than none.
DEAD: frozenset[Verdict] = frozenset({Verdict.BROKEN})

# Display order everywhere (tables, Markdown, JSON summaries).
ORDER: tuple[Verdict, ...] = tuple(Verdict)

PERMANENT_REDIRECTS = frozenset({301, 308})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
GONE_STATUSES = frozenset({404, 410})


@dataclass(frozen=True, slots=True)
class Hop:
    """One redirect in a chain: `url` answered `status` and pointed onwards."""

    url: str
    status: int


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The verdict for one URL at one time."""

    url: str
    verdict: Verdict
    checked_at: datetime
    status_code: int | None = None
    # Where the chain ended, when that differs from `url`.
    final_url: str | None = None
    chain: tuple[Hop, ...] = ()
    detail: str = ""
    elapsed_ms: int | None = None
    # Requests spent on this URL (HEAD, GET fallback, redirects, retries).
    requests: int = 0
    # Body bytes read in total; proves the byte cap holds on huge pages.
    bytes_read: int = 0


def is_reusable(verdict: Verdict | str, status_code: int | None) -> bool:
    """May a stored verdict stand in for a fresh check (`--max-age`)?

    Only definitive answers: a 2xx, a 404/410, or a permanent redirect that ended on a 2xx.
    A cached 403, 429, 5xx, timeout or DNS failure must never be served again: that is how a
    link cache keeps a run failing long after the site recovered.
    """
    if status_code is None:
        return False
    if verdict in (Verdict.OK, Verdict.REDIRECTED):
        return 200 <= status_code < 300
    if verdict == Verdict.BROKEN:
        return status_code in GONE_STATUSES
    return False
