"""Medium and Towards Data Science URL shapes, and where a moved TDS article now lives.

Towards Data Science left Medium in February 2025 and relaunched on its own platform. Old
`towardsdatascience.com/<slug>-<hex id>` article URLs either 404 now (the article stayed on
Medium's archive under the same slug-id, at `medium.com/data-science/<slug-id>` or
`medium.com/towards-data-science/<slug-id>`), or were carried over to a trailing-slash URL.
So a TDS 404 usually means *moved*: the audit still reports it broken (it is, for a reader),
with the archive URL as the suggested fix. Medium itself answers 403 to non-browser clients,
so that suggestion cannot be verified by a bot and is never fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

TDS_HOSTS = frozenset({"towardsdatascience.com", "www.towardsdatascience.com"})
MEDIUM_HOST = "medium.com"
ARCHIVE_PUBLICATIONS = ("data-science", "towards-data-science")

# Medium's post id: 10 to 12 lowercase hex digits at the end of the slug (`...-1f5f809dbf17`).
_SLUG_ID = re.compile(r"^(?:[A-Za-z0-9%_.~-]+-)?[0-9a-f]{10,12}$")
# TDS's own platform uses plain slugs with a trailing slash (`/some-article-title/`).
_PLAIN_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class MediumPath:
    """A URL on Medium or TDS, split into the parts that matter for these rules."""

    host: str
    segments: tuple[str, ...]
    trailing_slash: bool

    @property
    def is_tds(self) -> bool:
        return self.host in TDS_HOSTS

    @property
    def last(self) -> str:
        return self.segments[-1] if self.segments else ""


def medium_path(url: str) -> MediumPath | None:
    """The Medium-family view of `url`, or None when it is on another host."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if not (host in TDS_HOSTS or host == MEDIUM_HOST or host.endswith("." + MEDIUM_HOST)):
        return None
    segments = tuple(s for s in parts.path.split("/") if s)
    return MediumPath(host, segments, parts.path.endswith("/") and bool(segments))


def has_post_id(segment: str) -> bool:
    return bool(_SLUG_ID.match(segment))


def tds_slug_id(url: str) -> str | None:
    """`<slug>-<id>` of an old-style TDS article URL (`towardsdatascience.com/<slug-id>`)."""
    mp = medium_path(url)
    if mp is None or not mp.is_tds or len(mp.segments) != 1 or not has_post_id(mp.last):
        return None
    return mp.last


def archive_urls(url: str) -> tuple[str, ...]:
    """Where Medium's archive keeps an old TDS article, most likely first; () for other URLs."""
    slug_id = tds_slug_id(url)
    if slug_id is None:
        return ()
    return tuple(f"https://{MEDIUM_HOST}/{pub}/{slug_id}" for pub in ARCHIVE_PUBLICATIONS)


def archive_url(url: str) -> str | None:
    urls = archive_urls(url)
    return urls[0] if urls else None


def trailing_slash_url(url: str) -> str | None:
    """The carried-over address of an old TDS article: the same path with a trailing slash."""
    if tds_slug_id(url) is None:
        return None
    parts = urlsplit(url)
    if parts.path.endswith("/"):
        return None
    return urlunsplit(parts._replace(path=parts.path + "/"))


def article_problem(url: str) -> str | None:
    """Why a Medium/TDS URL is obviously not an article URL, or None (also for other hosts)."""
    mp = medium_path(url)
    if mp is None:
        return None
    if not mp.segments:
        return "Medium/TDS home page, not an article URL"
    last = mp.last
    if mp.is_tds:
        if has_post_id(last) or (mp.trailing_slash and _PLAIN_SLUG.match(last)):
            return None
        if len(mp.segments) == 1:
            return "TDS article URL has neither a Medium post id nor a trailing slash"
        return None  # tags, authors, and other sections of the new site: not our business
    if mp.segments[0] == "p" and len(mp.segments) == 2:
        return None if has_post_id(last) else "Medium /p/ URL with a malformed post id"
    if len(mp.segments) == 1 and mp.host == MEDIUM_HOST and not has_post_id(last):
        return "Medium profile or publication page, not an article URL"
    if not has_post_id(last):
        return "Medium article URL lacks the 10-12 hex digit post id at the end"
    return None
