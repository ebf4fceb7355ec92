"""Turn raw mappings (from YAML or JSON) into validated `CatalogPaper`s.

Errors are `CatalogError`s whose text names the source, the line (when a locator is given)
and the field. The locator is only consulted once an error is found, so the happy path never
pays for line numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from tracker.catalog.model import CatalogError, CatalogPaper
from tracker.catalog.text import has_control, printable, url_problem

# Given a path into the document (e.g. ("papers", 3, "year")), the 1-based line, if known.
Locator = Callable[[tuple[Any, ...]], int | None]

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID = 80
MAX_TEXT = 500
MIN_YEAR = 1800

REQUIRED = ("id", "name", "category", "review_url")
OPTIONAL_TEXT = ("title", "first_author", "venue", "arxiv", "listed_under")
KNOWN_KEYS = frozenset((*REQUIRED, *OPTIONAL_TEXT, "aliases", "year", "paper_url"))


def _no_locator(_path: tuple[Any, ...]) -> int | None:
    return None


class Validator:
    def __init__(self, source: str, locate: Locator | None = None) -> None:
        self.source = source
        self.locate = locate or _no_locator

    def fail(self, path: tuple[Any, ...], message: str) -> CatalogError:
        return CatalogError(message, source=self.source, line=self.locate(path))

    def text(self, value: Any, path: tuple[Any, ...], what: str, *, required: bool) -> str | None:
        if value is None:
            if required:
                raise self.fail(path, f"{what} is required")
            return None
        if not isinstance(value, str):
            raise self.fail(path, f"{what} must be a string, not {type(value).__name__}")
        value = value.strip()
        if not value:
            if required:
                raise self.fail(path, f"{what} must not be empty")
            return None
        if has_control(value):
            raise self.fail(
                path,
                f"{what} contains control characters or escape sequences: '{printable(value)}'",
            )
        if len(value) > MAX_TEXT:
            raise self.fail(path, f"{what} is longer than {MAX_TEXT} characters")
        return value

    def url(self, value: Any, path: tuple[Any, ...], what: str, *, required: bool) -> str | None:
        url = self.text(value, path, what, required=required)
        if url is None:
            return None
        problem = url_problem(url)
        if problem:
            raise self.fail(path, f"{what} '{printable(url)}': {problem}")
        return url

    def categories(self, value: Any, path: tuple[Any, ...]) -> list[str]:
        if not isinstance(value, list) or not value:
            raise self.fail(path, "categories must be a non-empty list of names")
        seen: set[str] = set()
        out: list[str] = []
        for i, item in enumerate(value):
            name = self.text(item, (*path, i), "category name", required=True)
            assert name is not None
            if name in seen:
                raise self.fail((*path, i), f"category '{printable(name)}' is listed twice")
            seen.add(name)
            out.append(name)
        return out

    def paper(self, raw: Any, path: tuple[Any, ...], categories: Sequence[str]) -> CatalogPaper:
        if not isinstance(raw, Mapping):
            raise self.fail(path, f"each paper must be a mapping, not {type(raw).__name__}")
        label = raw.get("id") if isinstance(raw.get("id"), str) else f"#{path[-1] + 1}"
        where = f"paper '{printable(str(label))}'"
        for key in raw:
            if key not in KNOWN_KEYS:
                raise self.fail(
                    (*path, key),
                    f"{where}: unknown field '{printable(str(key))}' "
                    f"(known: {', '.join(sorted(KNOWN_KEYS))})",
                )
        pid = self.text(raw.get("id"), (*path, "id"), f"{where}: id", required=True)
        assert pid is not None
        if len(pid) > MAX_ID or not ID_RE.match(pid):
            raise self.fail(
                (*path, "id"),
                f"{where}: id must be a slug of lowercase letters, digits and single hyphens",
            )
        name = self.text(raw.get("name"), (*path, "name"), f"{where}: name", required=True)
        category = self.text(
            raw.get("category"), (*path, "category"), f"{where}: category", required=True
        )
        if category not in categories:
            raise self.fail(
                (*path, "category"),
                f"{where}: unknown category '{printable(str(category))}' "
                f"(not in the categories list)",
            )
        review_url = self.url(
            raw.get("review_url"), (*path, "review_url"), f"{where}: review_url", required=True
        )
        extra = {
            key: self.text(raw.get(key), (*path, key), f"{where}: {key}", required=False)
            for key in OPTIONAL_TEXT
        }
        return CatalogPaper(
            id=pid,
            name=name or pid,
            category=category,
            review_url=review_url or "",
            aliases=self.aliases(raw.get("aliases"), (*path, "aliases"), where),
            year=self.year(raw.get("year"), (*path, "year"), where),
            paper_url=self.url(
                raw.get("paper_url"), (*path, "paper_url"), f"{where}: paper_url", required=False
            ),
            **extra,  # type: ignore[arg-type]
        )

    def aliases(self, value: Any, path: tuple[Any, ...], where: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(path, f"{where}: aliases must be a list of strings")
        out: list[str] = []
        for i, item in enumerate(value):
            alias = self.text(item, (*path, i), f"{where}: alias", required=True)
            if alias and alias not in out:
                out.append(alias)
        return tuple(out)

    def year(self, value: Any, path: tuple[Any, ...], where: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(path, f"{where}: year must be a whole number, e.g. 2015")
        latest = date.today().year + 1
        if not MIN_YEAR <= value <= latest:
            raise self.fail(path, f"{where}: year {value} is out of range {MIN_YEAR}–{latest}")
        return value


def check_unique(papers: Sequence[CatalogPaper], v: Validator) -> None:
    """Ids and review URLs must be unique; the error names both entries."""
    ids: dict[str, int] = {}
    urls: dict[str, int] = {}
    for i, p in enumerate(papers):
        if p.id in ids:
            first = papers[ids[p.id]]
            raise v.fail(
                ("papers", i, "id"),
                f"duplicate id '{p.id}' (first used by '{printable(first.name)}'"
                f"{_at(v, ids[p.id])})",
            )
        ids[p.id] = i
        if p.review_url in urls:
            first = papers[urls[p.review_url]]
            raise v.fail(
                ("papers", i, "review_url"),
                f"paper '{p.id}': duplicate review_url "
                f"(already used by '{first.id}'{_at(v, urls[p.review_url])})",
            )
        urls[p.review_url] = i


def _at(v: Validator, index: int) -> str:
    line = v.locate(("papers", index))
    return f" at line {line}" if line else ""
