"""The audit service: store in, verdicts out, cache rules, offline mode, the TDS rule, DNS."""

from __future__ import annotations

import errno
from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest

from tracker import clock
from tracker.services.links.audit import AuditOptions, AuditReport, Source, run_audit
from tracker.services.links.checker import LinkChecker
from tracker.services.links.dns import DnsOutcome
from tracker.services.links.settings import CheckSettings
from tracker.services.links.verdicts import LinkResult, Verdict
from tracker.store.link_checks import count_checks, latest_by_url, latest_for_paper

from .conftest import LoopbackServer, MakeDb, P

FAST = CheckSettings(timeout=15.0, deadline=60.0, retries=1, backoff_base=0.01, per_host=16)


def online(**kw: object) -> AuditOptions:
    return AuditOptions(settings=FAST, **kw)  # type: ignore[arg-type]


def by_url(report: AuditReport) -> dict[str, tuple[str | None, Source]]:
    return {
        e.target.url: (e.verdict.value if e.verdict else None, e.source) for e in report.entries
    }


@pytest.fixture
def catalog(server: LoopbackServer) -> list[P]:
    u = server.url
    return [
        P("alpha", u("/ok"), paper_url=u("/missing")),
        P("beta", u("/perm/1"), category="Object Detection"),
        P("gamma", u("/wall")),
        P("delta", u("/busy-long")),
        P("epsilon", u("/flip"), category="Object Detection"),
    ]


def test_online_audit_reports_and_persists(
    server: LoopbackServer, make_db: MakeDb, catalog: list[P]
) -> None:
    db = make_db(catalog)
    progress: list[tuple[int, int]] = []
    report = run_audit(db, online(), on_progress=lambda d, t: progress.append((d, t)))
    u = server.url
    assert by_url(report) == {
        u("/ok"): ("ok", Source.ONLINE),
        u("/missing"): ("broken", Source.ONLINE),
        u("/perm/1"): ("redirected", Source.ONLINE),
        u("/wall"): ("blocked", Source.ONLINE),
        u("/busy-long"): ("rate-limited", Source.ONLINE),
        u("/flip"): ("ok", Source.ONLINE),
    }
    assert report.broken == 1
    assert progress[-1] == (6, 6)
    missing = next(e for e in report.entries if e.target.url == u("/missing"))
    assert missing.wayback_url == "https://web.archive.org/web/" + u("/missing")
    moved = next(e for e in report.entries if e.target.url == u("/perm/1"))
    assert moved.suggestion == u("/final")

    with db.read() as conn:
        assert count_checks(conn) == 6
        alpha = latest_for_paper(conn, "alpha")
        latest = latest_by_url(conn)
    assert [(h.kind, h.verdict, h.status_code) for h in alpha] == [
        ("review", "ok", 200),
        ("paper", "broken", 404),
    ]
    assert latest[u("/perm/1")].chain == ((u("/perm/1"), 301), (u("/perm/2"), 308))
    assert latest[u("/perm/1")].final_url == u("/final")


def test_category_filter(server: LoopbackServer, make_db: MakeDb, catalog: list[P]) -> None:
    report = run_audit(make_db(catalog), online(category="Object Detection"))
    assert set(by_url(report)) == {server.url("/perm/1"), server.url("/flip")}


def test_max_age_reuses_only_definitive_verdicts(
    server: LoopbackServer,
    make_db: MakeDb,
    catalog: list[P],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = make_db(catalog)
    run_audit(db, online())  # /flip answers 200 the first time
    run_audit(db, online())  # ... and 403 from then on: the newest verdict is "blocked"
    rec = server.recorder
    before = list(rec.requests)

    report = run_audit(db, online(max_age=timedelta(days=7)))
    again = sorted({p for _, p in rec.requests[len(before) :]})
    # A cached 403 or 429 is never served as an answer; nor is an old 200 behind a newer 403.
    assert again == ["/busy-long", "/flip", "/wall"]
    sources = {e.target.url.removeprefix(server.base): e.source for e in report.entries}
    assert sources["/ok"] is sources["/missing"] is sources["/perm/1"] is Source.CACHE
    assert sources["/wall"] is Source.ONLINE
    assert report.reused == 3
    assert report.broken == 1  # a cached 404 still counts
    with db.read() as conn:
        assert count_checks(conn) == 6 + 6 + 3  # reused verdicts are not stored again

    later = clock.now() + timedelta(days=8)
    monkeypatch.setattr(clock, "now", lambda: later)
    n = rec.count
    report = run_audit(db, online(max_age=timedelta(days=7)))
    assert report.reused == 0
    assert rec.count > n + 3


def test_offline_opens_no_connection(
    server: LoopbackServer, make_db: MakeDb, catalog: list[P]
) -> None:
    db = make_db(catalog)
    report = run_audit(db, AuditOptions(offline=True))
    assert server.requests == 0
    assert server.connections == 0
    assert report.mode == "offline"
    assert {e.source for e in report.entries} == {Source.UNCHECKED}
    assert report.broken == 0

    run_audit(db, online())
    n = server.requests
    connections = server.connections
    report = run_audit(db, AuditOptions(offline=True))
    assert (server.requests, server.connections) == (n, connections)
    assert by_url(report)[server.url("/missing")] == ("broken", Source.LAST_KNOWN)
    assert report.broken == 1
    assert all(e.checked_at is not None for e in report.entries)


def test_unusable_url_is_broken_without_a_request(server: LoopbackServer, make_db: MakeDb) -> None:
    db = make_db([P("bad", "ftp://127.0.0.1/paper.pdf"), P("good", server.url("/ok"))])
    report = run_audit(db, online())
    assert by_url(report)["ftp://127.0.0.1/paper.pdf"] == ("broken", Source.STATIC)
    assert server.recorder.requests == [("HEAD", "/ok")]


# -- MockTransport: no socket at all --------------------------------------------------------

TDS = "https://towardsdatascience.com/"
GONE = TDS + "review-densenet-image-classification-b6631a8ef803"
CARRIED = TDS + "review-resnet-winner-of-ilsvrc-2015-image-classification-e39402bfa5d8"
REDIRECTS = TDS + "review-u-net-biomedical-image-segmentation-d02bf06ca760"


def mock_factory(
    handler: Callable[[httpx.Request], httpx.Response],
    resolver: dict[str, DnsOutcome] | None = None,
) -> Callable[[CheckSettings, Callable[[LinkResult], None]], LinkChecker]:
    async def resolve(host: str) -> DnsOutcome:
        assert resolver is not None
        return resolver[host]

    def make(settings: CheckSettings, on_result: Callable[[LinkResult], None]) -> LinkChecker:
        return LinkChecker(
            settings,
            transport=httpx.MockTransport(handler),
            resolver=resolve if resolver is not None else None,
            on_result=on_result,
        )

    return make


def test_tds_404_suggests_the_medium_archive(make_db: MakeDb) -> None:
    seen: list[str] = []
    answers = {
        GONE: 404,
        GONE + "/": 404,
        CARRIED: 404,
        CARRIED + "/": 200,
        REDIRECTS: 301,
        REDIRECTS + "/": 200,
    }

    def handler(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        seen.append(url)
        status = answers.get(url, 599)
        headers = {"Location": url + "/"} if status == 301 else {}
        return httpx.Response(status, headers=headers)

    db = make_db([P("densenet", GONE), P("resnet", CARRIED), P("unet", REDIRECTS)])
    report = run_audit(db, online(), checker_factory=mock_factory(handler))
    entries = {e.target.paper_id: e for e in report.entries}

    gone = entries["densenet"]
    assert (gone.verdict, gone.status_code) == (Verdict.BROKEN, 404)
    slug_id = GONE.removeprefix(TDS)
    assert gone.suggestion == f"https://medium.com/data-science/{slug_id}"
    assert gone.wayback_url == "https://web.archive.org/web/" + GONE

    carried = entries["resnet"]
    assert (carried.verdict, carried.final_url) == (Verdict.REDIRECTED, CARRIED + "/")
    assert "trailing-slash" in carried.detail

    moved = entries["unet"]
    assert (moved.verdict, moved.final_url) == (Verdict.REDIRECTED, REDIRECTS + "/")
    # Medium (the archive) answers bots with 403: it is suggested, never fetched.
    assert not any("medium.com" in u for u in seen)
    assert report.broken == 1


def test_a_host_that_no_longer_resolves_is_broken(make_db: MakeDb) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200)

    resolver = {"alive.test": DnsOutcome.RESOLVED, "gone.test": DnsOutcome.GONE}
    db = make_db([P("a", "https://alive.test/a"), P("b", "https://gone.test/b")])
    report = run_audit(db, online(), checker_factory=mock_factory(handler, resolver))
    got = {e.target.paper_id: e for e in report.entries}
    assert got["a"].verdict is Verdict.OK
    assert got["b"].verdict is Verdict.BROKEN
    assert "no longer resolves" in got["b"].detail
    assert seen == ["https://alive.test/a"]


def test_dns_silence_everywhere_means_offline(make_db: MakeDb) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request may be sent when the network is down")

    resolver = {"a.test": DnsOutcome.FAILED, "b.test": DnsOutcome.FAILED}
    db = make_db([P("a", "https://a.test/x"), P("b", "https://b.test/y")])
    report = run_audit(db, online(), checker_factory=mock_factory(handler, resolver))
    assert report.mode == "offline"
    assert report.notice is not None and "network unreachable" in report.notice
    assert report.broken == 0
    with db.read() as conn:
        assert count_checks(conn) == 0


def test_no_route_to_any_host_means_offline(make_db: MakeDb) -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        raise httpx.ConnectError("connect failed") from OSError(
            errno.ENETUNREACH, "Network is unreachable"
        )

    papers = [P(f"p{i}", f"https://h{i % 3}.test/{i}") for i in range(30)]
    db = make_db(papers)
    report = run_audit(db, online(), checker_factory=mock_factory(handler))
    assert report.mode == "offline"
    assert report.notice is not None and "unreachable" in report.notice
    assert report.broken == 0
    assert len(calls) <= len(papers)  # stopped instead of retrying everything with backoff


def test_one_unreachable_host_among_live_ones_is_not_offline(make_db: MakeDb) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "down.test":
            raise httpx.ConnectError("no route") from OSError(errno.EHOSTUNREACH, "No route")
        return httpx.Response(200)

    papers = [P("live", "https://live.test/a"), P("down", "https://down.test/b")]
    # The live host answers first: from then on the network is known to be up.
    report = run_audit(make_db(papers), online(), checker_factory=mock_factory(handler))
    assert report.mode == "online"
    got = {e.target.paper_id: e.verdict for e in report.entries}
    assert got == {"live": Verdict.OK, "down": Verdict.ERROR}
