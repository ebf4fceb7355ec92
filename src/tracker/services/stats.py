"""Progress figures: per category, overall, ratings and reading activity."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from tracker import clock
from tracker.domain import CategoryProgress
from tracker.store import papers as store
from tracker.store.database import Database


@dataclass(frozen=True, slots=True)
class Stats:
    categories: list[CategoryProgress]
    overall: CategoryProgress
    ratings: dict[int, int]
    finished_per_week: list[tuple[date, int]]  # Monday of each week, oldest first

    def as_json(self) -> dict[str, object]:
        def cat(c: CategoryProgress) -> dict[str, object]:
            return {
                "name": c.name,
                "total": c.total,
                "reviewed": c.reviewed,
                "reading": c.reading,
                "skipped": c.skipped,
                "unread": c.total - c.reviewed - c.reading - c.skipped,
                "progress": round(c.fraction, 4),
                "rated": c.rated,
                "mean_rating": round(c.mean_rating, 2) if c.mean_rating is not None else None,
            }

        return {
            "overall": cat(self.overall),
            "categories": [cat(c) for c in self.categories],
            "ratings": {str(k): v for k, v in self.ratings.items()},
            "finished_per_week": [
                {"week": d.isoformat(), "reviewed": n} for d, n in self.finished_per_week
            ],
        }


def overall(categories: list[CategoryProgress]) -> CategoryProgress:
    rated = sum(c.rated for c in categories)
    mean_num = sum((c.mean_rating or 0) * c.rated for c in categories)
    return CategoryProgress(
        name="All",
        total=sum(c.total for c in categories),
        reviewed=sum(c.reviewed for c in categories),
        reading=sum(c.reading for c in categories),
        skipped=sum(c.skipped for c in categories),
        rated=rated,
        mean_rating=mean_num / rated if rated else None,
    )


def weekly(per_day: list[tuple[str, int]], weeks: int = 12) -> list[tuple[date, int]]:
    """Reviews finished per ISO week over the last `weeks` weeks (zeros included)."""
    today = clock.now().date()
    this_monday = today - timedelta(days=today.weekday())
    counts: Counter[date] = Counter()
    for day, n in per_day:
        d = date.fromisoformat(day)
        counts[d - timedelta(days=d.weekday())] += n
    return [
        (this_monday - timedelta(weeks=i), counts[this_monday - timedelta(weeks=i)])
        for i in range(weeks - 1, -1, -1)
    ]


def compute(db: Database, *, weeks: int = 12, ratings: bool = True) -> Stats:
    """`ratings=False` skips counting them (the TUI's overview, refreshed after every write,
    never shows them): ~20% of this at 100,000 papers."""
    with db.read() as conn:
        cats = store.category_progress(conn)
        per_day = store.finished_per_day(conn)
        counts = store.rating_counts(conn) if ratings else {}
    return Stats(cats, overall(cats), counts, weekly(per_day, weeks))
