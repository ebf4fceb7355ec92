"""The check-history table: append, newest per URL, newest per paper."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from tracker.store.link_checks import (
    LinkHealth,
    count_checks,
    latest_by_url,
    latest_for_paper,
    save_checks,
    stamp,
)

from .conftest import MakeDb, P

T0 = datetime(2026, 11, 25, 17, 36, 12, 987654, tzinfo=UTC)


def health(
    url: str, verdict: str, at: datetime, paper: str = "a", kind: str = "review"
) -> LinkHealth:
    return LinkHealth(url, paper, kind, verdict, 200 if verdict == "ok" else 403, None, "", at)


def test_stamp_is_whole_seconds_utc() -> None:
    assert stamp(T0) == "2026-11-25T17:36:12Z"
    paris = T0.astimezone(timezone(timedelta(hours=1)))
    assert stamp(paris) == "2026-11-25T17:36:12Z"


def test_newest_wins_and_ties_go_to_the_later_row(make_db: MakeDb) -> None:
    db = make_db(
        [P("a", "https://x.test/a", paper_url="https://x.test/pdf"), P("b", "https://x.test/b")]
    )
    with db.write() as conn:
        save_checks(conn, [health("https://x.test/a", "ok", T0)])
        save_checks(conn, [health("https://x.test/a", "blocked", T0 + timedelta(days=1))])
        save_checks(conn, [health("https://x.test/a", "ok", T0)])  # older, written later
        save_checks(
            conn,
            [
                health("https://x.test/pdf", "ok", T0, kind="paper"),
                health("https://x.test/pdf", "blocked", T0, kind="paper"),  # same second
                health("https://x.test/b", "ok", T0, paper="b"),
            ],
        )
    with db.read() as conn:
        assert count_checks(conn) == 6
        latest = latest_by_url(conn)
        only_b = latest_by_url(conn, ["https://x.test/b"])
        for_a = latest_for_paper(conn, "a")
    assert latest["https://x.test/a"].verdict == "blocked"
    assert latest["https://x.test/pdf"].verdict == "blocked"
    assert set(only_b) == {"https://x.test/b"}
    assert [(h.kind, h.verdict) for h in for_a] == [("review", "blocked"), ("paper", "blocked")]
    assert latest["https://x.test/a"].checked_at == T0.replace(microsecond=0) + timedelta(days=1)
    assert latest["https://x.test/a"].age(T0 + timedelta(days=3)) > timedelta(days=1)
