"""Wayback Machine suggestions, constructed offline (no lookup, no network)."""

from __future__ import annotations

WAYBACK_PREFIX = "https://web.archive.org/web/"


def wayback_url(url: str) -> str:
    """The Wayback Machine's "latest capture of this URL" address.

    `web.archive.org/web/<url>` redirects to the newest snapshot, or offers to save one; it is
    a suggestion for the reader to open, never fetched by the audit.
    """
    return WAYBACK_PREFIX + url
