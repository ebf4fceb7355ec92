"""Which columns the paper table shows at a given width (pure, unit-tested)."""

from __future__ import annotations

from dataclasses import dataclass

GAP = 1
MIN_NAME = 14


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    width: int
    sort: str | None = None  # the sort a click on this header selects
    right: bool = False


# key, title, preferred width, sort, right-aligned; in display order.
_SPECS: tuple[tuple[str, str, int, str | None, bool], ...] = (
    ("status", "", 1, "catalog", False),
    ("name", "Name", 0, "name", False),
    ("category", "Category", 22, None, False),
    ("year", "Year", 4, "year", True),
    ("venue", "Venue", 14, None, False),
    ("rating", "Rating", 6, "rating", False),
    ("activity", "Activity", 10, "activity", True),
)
# Dropped first when the name would get too narrow.
_DROP_ORDER = ("category", "venue", "year", "activity", "rating")


def layout(width: int, *, with_category: bool) -> list[Column]:
    """Columns for a table `width` cells wide; the name takes whatever is left.

    There is a one-cell margin on the left and `GAP` cells between columns.
    """
    keys = [k for k, *_ in _SPECS if with_category or k != "category"]
    wanted = {k: w for k, _, w, _, _ in _SPECS}

    def name_width(shown: list[str]) -> int:
        fixed = sum(wanted[k] for k in shown if k != "name")
        return width - 1 - fixed - GAP * (len(shown) - 1)

    for key in _DROP_ORDER:
        if name_width(keys) >= MIN_NAME:
            break
        if key in keys:
            keys.remove(key)
    name = max(name_width(keys), 1)
    # A very wide table would give the name 100+ cells; let the venue and category have some.
    if name > 60:
        for key, extra in (("venue", 6), ("category", 8)):
            if key in keys:
                wanted[key] += extra
                name -= extra
    return [
        Column(k, title, name if k == "name" else wanted[k], sort, right)
        for k, title, _, sort, right in _SPECS
        if k in keys
    ]
