"""Resolve what a user typed (`resnext`, `inception v3`, a unique prefix) to one paper."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from sqlalchemy import Connection

from tracker.catalog.text import printable
from tracker.domain import normalize_key
from tracker.errors import TrackerError
from tracker.store import papers as store


class PaperNotFound(TrackerError, LookupError):
    """Unknown or ambiguous reference; `str()` is a one-line message with candidates."""

    exit_code = 2

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True, slots=True)
class PaperRef:
    id: str
    name: str


def resolve(conn: Connection, query: str) -> PaperRef:
    key = normalize_key(query)
    shown = printable(query)
    if not key:
        raise PaperNotFound(f"'{shown}' does not name a paper", [])
    exact = store.resolve_exact(conn, key)
    if len(exact) == 1:
        return PaperRef(*exact[0])
    if len(exact) > 1:
        raise _ambiguous(shown, exact)
    prefixed = store.resolve_prefix(conn, key, limit=11)
    if len(prefixed) == 1:
        return PaperRef(*prefixed[0])
    if prefixed:
        raise _ambiguous(shown, prefixed)
    suggestions = suggest(conn, key)
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise PaperNotFound(f"no paper matches '{shown}'{hint}", suggestions)


def _ambiguous(shown: str, matches: list[tuple[str, str]]) -> PaperNotFound:
    ids = [pid for pid, _ in matches[:10]]
    more = " …" if len(matches) > 10 else ""
    return PaperNotFound(f"'{shown}' is ambiguous: {', '.join(ids)}{more}", ids)


def suggest(conn: Connection, key: str, n: int = 3) -> list[str]:
    pairs = store.all_names(conn)
    by_key: dict[str, str] = {}
    for k, pid in pairs:
        by_key.setdefault(k, pid)
    close = difflib.get_close_matches(key, list(by_key), n=n, cutoff=0.6)
    return list(dict.fromkeys(by_key[k] for k in close))


def complete(conn: Connection, incomplete: str, limit: int = 50) -> list[tuple[str, str]]:
    """Shell completion: (id, name) pairs whose keys start with what was typed."""
    key = normalize_key(incomplete)
    return store.resolve_prefix(conn, key, limit=limit) if key else []
