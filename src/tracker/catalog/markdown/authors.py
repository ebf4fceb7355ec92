"""Authors and years written in free text around a title (`Title (2015), G. Hinton et al.`)."""

from __future__ import annotations

import re

from tracker.catalog.markdown.inline import AUTHOR_LIMIT, clean, has_alpha

_PAREN_YEAR = re.compile(r"\(([^()]*?)\b((?:19|20)\d{2})\b[^()]*\)?")
# A year on its own (`systems. 2012.`), not part of an arXiv number like `1409.1556`.
_BARE_YEAR = re.compile(r"(?<![\d.:/])((?:19|20)\d{2})(?!\.?\d)")
# `, G. Hinton and R. Salakhutdinov.` after a title that gives no year.
_INITIALS_AUTHOR = re.compile(r",\s+(?=(?:[A-Z]\.\s?){1,3}[A-Z][a-z])")
QUOTES = "\"“”'‘’"


def full_year(digits: str) -> int:
    year = int(digits)
    if year >= 100:
        return year
    return 2000 + year if year <= 40 else 1900 + year


def split_title(text: str) -> tuple[str, int | None, str | None]:
    """`Caffe: fast embedding (2014), Y. Jia et al.` -> title, year, first author."""
    match = _PAREN_YEAR.search(text)
    if match is None or not match.start():
        author = _INITIALS_AUTHOR.search(text)
        if author is None:
            return text, None, None
        return text[: author.start()], None, first_author(text[author.end() :])
    year, author = year_and_authors(text[match.start() :])
    return text[: match.start()], year, author


def year_and_authors(rest: str) -> tuple[int | None, str | None]:
    """What follows a title: ` (2015), G. Hinton et al.` or `, L. Chen et al.`."""
    match = _PAREN_YEAR.search(rest)
    if match is not None and not rest[: match.start()].strip(" ,"):
        authors = rest[match.end() :]
        year: int | None = int(match[2])
    else:
        authors, year = rest, None
    authors = authors.strip()
    if not (authors.startswith(",") or re.match(r"[A-Z]\.", authors)):
        return year, None
    return year, first_author(authors)


def first_author(authors: str) -> str | None:
    """First name in an author list: `Bengio, Yoshua, Ian Goodfellow and ...` -> `Yoshua Bengio`."""
    text = authors.strip(" ,;:" + QUOTES)
    text = re.sub(r"\((?:19|20)\d{2}\)", "", text.split(";")[0])
    text = re.split(r"\s*(?:\bet\.? ?al\b\.?|\band\b|&)", text)[0]
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        return None
    first = parts[0]
    # `Bengio, Yoshua, ...` is surname-first; `Wu, Schuster, Chen, ...` is a list of surnames.
    surnames_only = len(parts) > 2 and all(" " not in part for part in parts)
    if len(parts) > 1 and not surnames_only and _looks_surname(first) and _looks_given(parts[1]):
        first = f"{parts[1]} {first}"
    first = clean(_strip_sentence_period(first), AUTHOR_LIMIT)
    if not has_alpha(first) or any(ch.isdigit() for ch in first) or len(first.split()) > 6:
        return None
    return first


def _looks_surname(part: str) -> bool:
    return " " not in part and "." not in part


def _strip_sentence_period(name: str) -> str:
    """`Alex.` ends a sentence; `Quoc V.` and `P.O.` end with initials."""
    last = name.split()[-1] if name.split() else ""
    if last.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", last):
        return name[:-1]
    return name


def _looks_given(part: str) -> bool:
    words = part.split()
    return 0 < len(words) <= 3 and part[0].isupper() and not part.lower().startswith("et")


def last_year(text: str) -> int | None:
    years = [match[2] for match in _PAREN_YEAR.finditer(text)] or _BARE_YEAR.findall(text)
    return int(years[-1]) if years else None
