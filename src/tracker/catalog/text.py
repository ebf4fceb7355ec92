"""Checks and escaping for text that comes from catalogs and users."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# C0 controls, DEL and C1 controls (ESC starts ANSI/OSC sequences; C1 0x9b is a one-byte CSI).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Notes are multi-line: newline and tab are fine there.
_NOTE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def has_control(text: str) -> bool:
    return bool(_CONTROL.search(text) or _BIDI.search(text))


def note_has_control(text: str) -> bool:
    return bool(_NOTE_CONTROL.search(text) or _BIDI.search(text))


_VISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Notes are multi-line: newlines and tabs stay.
_VISIBLE_IN_NOTES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str, *, notes: bool = False) -> str:
    """Control, escape and bidi-override characters as visible escapes (`\\x1b`, `\\u202e`),
    so catalog text can never drive the terminal."""
    return (_VISIBLE_IN_NOTES if notes else _VISIBLE).sub(_escape_char, text)


def printable(text: str, limit: int = 60) -> str:
    """A quotable rendering for error messages: control characters shown as escapes, never raw."""
    shown = escape_controls(text[:limit])
    if len(text) > limit:
        shown += "…"
    return shown


def url_problem(url: str) -> str | None:
    """Why `url` is not an absolute http(s) URL, or None when it is fine."""
    if has_control(url) or _SPACE.search(url):
        return "URL contains whitespace or control characters"
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"URL does not parse ({exc})"
    if parts.scheme.lower() not in {"http", "https"}:
        if not parts.scheme:
            return "URL is relative; an absolute http(s) URL is required"
        return f"URL scheme {parts.scheme!r} is not allowed; only http and https"
    if not parts.hostname:
        return "URL has no host"
    try:
        _ = parts.port
    except ValueError:
        return "URL has an invalid port"
    return None


def is_web_url(url: str | None) -> bool:
    return bool(url) and url_problem(url) is None  # type: ignore[arg-type]
