"""What an HTTP status means for a link, and when and how long to wait before retrying.

Pure functions of status, headers and a few body bytes: no HTTP library, easy to test.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from tracker import clock
from tracker.services.links.verdicts import GONE_STATUSES, Verdict

# "Try again later" answers: retried with backoff (or after `Retry-After`).
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 529})
# Refusals that say nothing about whether the page exists (999 is LinkedIn's bot answer).
BLOCKED_STATUSES = frozenset({401, 403, 407, 451, 999})

# Lower-case markers of bot-challenge pages (Cloudflare, PerimeterX, DataDome, hCaptcha...).
_WALL_MARKERS = (
    b"challenge-platform",
    b"cf-browser-verification",
    b"_cf_chl_opt",
    b"<title>just a moment...</title>",
    b"attention required! | cloudflare",
    b"px-captcha",
    b"captcha-delivery.com",
    b"hcaptcha.com",
    b"g-recaptcha",
)


def head_refused(status: int) -> bool:
    """Is a HEAD answer worth asking again with GET?

    Many servers answer HEAD with 405, 403, 501, 400 or even 404 while GET works, so any
    error status gets a GET before it becomes a verdict; 429 would only be refused again.
    """
    return status >= 400 and status != 429


def is_bot_wall(headers: Mapping[str, str], snippet: bytes, content_encoding: str = "") -> bool:
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return True
    text = _decoded(snippet, content_encoding).lower()
    return any(marker in text for marker in _WALL_MARKERS)


def _decoded(snippet: bytes, encoding: str) -> bytes:
    """The first bytes of a page, gunzipped when needed; bounded so a bomb cannot blow up."""
    encoding = encoding.lower().strip()
    if encoding in ("", "identity"):
        return snippet
    if encoding in ("gzip", "x-gzip", "deflate"):
        try:
            # wbits 47 = 32 + 15: zlib or gzip header, detected automatically.
            return zlib.decompressobj(wbits=47).decompress(snippet, 64 * 1024)
        except zlib.error:
            return b""
    return b""  # brotli/zstd: not decoded; headers still identify Cloudflare walls


def status_verdict(status: int, *, bot_wall: bool = False) -> tuple[Verdict, str]:
    """Verdict and detail for the status a chain ended on (redirects already followed)."""
    if bot_wall and status >= 400:
        return Verdict.BLOCKED, f"HTTP {status} bot challenge page; may work in a browser"
    if 200 <= status < 300:
        return Verdict.OK, ""
    if status in GONE_STATUSES:
        return Verdict.BROKEN, f"HTTP {status} ({'gone' if status == 410 else 'not found'})"
    if status in BLOCKED_STATUSES:
        return Verdict.BLOCKED, f"HTTP {status}: refused to a bot; may well work in a browser"
    if status == 429:
        return Verdict.RATE_LIMITED, "HTTP 429 too many requests; not verified"
    if 300 <= status < 400:
        return Verdict.ERROR, f"HTTP {status} without a usable Location header"
    return Verdict.ERROR, f"HTTP {status}"


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a `Retry-After` header (delta-seconds or HTTP date), or None."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or clock.now())).total_seconds())


def backoff(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with "equal jitter": half fixed, half random, so retries of many
    URLs that failed together do not hit the server again in lockstep."""
    ceiling = min(cap, base * 2.0**attempt)
    return ceiling / 2 + rng.uniform(0, ceiling / 2)
