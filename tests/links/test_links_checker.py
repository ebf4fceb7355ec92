"""The online checker against a real HTTP server on 127.0.0.1, with both HTTP engines."""

from __future__ import annotations

import time

import pytest

from tracker.services.links.checker import LinkChecker
from tracker.services.links.settings import CheckSettings
from tracker.services.links.verdicts import Verdict

from .conftest import HUGE_BODY, SLOW_SECONDS, LoopbackServer

pytestmark = pytest.mark.parametrize("engine", ["aiohttp", "httpx"])


def settings(engine: str, **overrides: object) -> CheckSettings:
    # Generous timeouts: a loaded CI machine must not turn a slow 200 into a timeout.
    base: dict[str, object] = {
        "engine": engine,
        "timeout": 15.0,
        "deadline": 60.0,
        "retries": 1,
        "backoff_base": 0.01,
        "concurrency": 16,
        "per_host": 16,
    }
    return CheckSettings(**{**base, **overrides})  # type: ignore[arg-type]


EXPECTED = {
    "/ok": (Verdict.OK, 200),
    "/perm/1": (Verdict.REDIRECTED, 200),
    "/temp": (Verdict.OK, 200),
    "/slash": (Verdict.REDIRECTED, 200),
    "/loop/a": (Verdict.ERROR, None),
    "/to-file": (Verdict.ERROR, None),
    "/to-ftp": (Verdict.ERROR, None),
    "/no-location": (Verdict.ERROR, 302),
    "/missing": (Verdict.BROKEN, 404),
    "/gone": (Verdict.BROKEN, 410),
    "/head-forbidden": (Verdict.OK, 200),
    "/head-405": (Verdict.OK, 200),
    "/wall": (Verdict.BLOCKED, 403),
    "/cf-wall": (Verdict.BLOCKED, 503),
    "/busy": (Verdict.OK, 200),
    "/busy-long": (Verdict.RATE_LIMITED, 429),
    "/down": (Verdict.ERROR, 503),
    "/huge": (Verdict.OK, 200),
}


async def test_every_verdict_class(server: LoopbackServer, engine: str) -> None:
    urls = [server.url(p) for p in EXPECTED]
    run = await LinkChecker(settings(engine)).run(urls)
    assert run.network_down is None
    got = {
        url.removeprefix(server.base): (r.verdict, r.status_code) for url, r in run.results.items()
    }
    assert got == EXPECTED
    r = run.results
    rec = server.recorder

    chain = r[server.url("/perm/1")].chain
    assert [(h.url.removeprefix(server.base), h.status) for h in chain] == [
        ("/perm/1", 301),
        ("/perm/2", 308),
    ]
    assert r[server.url("/perm/1")].final_url == server.url("/final")
    assert r[server.url("/temp")].final_url == server.url("/final")  # temporary: still ok
    assert r[server.url("/slash")].final_url == server.url("/slash/")

    assert "loop" in r[server.url("/loop/a")].detail
    assert "file:" in r[server.url("/to-file")].detail
    assert "ftp:" in r[server.url("/to-ftp")].detail
    # A refused redirect is never followed.
    assert all(not p.startswith(("/etc", "/pub")) for _, p in rec.requests)

    assert rec.methods("/head-forbidden") == ["HEAD", "GET"]
    assert rec.methods("/head-405") == ["HEAD", "GET"]
    assert rec.methods("/wall") == ["HEAD", "GET"]  # 403 to both: one GET, no retries

    # 429 + Retry-After: 1 waited out, then 200; Retry-After: 3600 is not slept on.
    assert rec.methods("/busy") == ["HEAD", "HEAD"]
    assert rec.methods("/busy-long") == ["HEAD"]
    assert "3600" in r[server.url("/busy-long")].detail
    # A bot challenge is not retried; a plain 503 is (HEAD, then GET and one retry).
    assert rec.methods("/cf-wall") == ["HEAD", "GET"]
    assert rec.methods("/down") == ["HEAD", "GET", "GET"]

    huge = r[server.url("/huge")]
    # The cap is 4 KiB; what the HTTP stack pulls per socket read (at most 64 KiB) can come
    # on top, but never the body.
    assert huge.bytes_read <= 4096 + 64 * 1024
    with rec.lock:
        sent = rec.huge_bytes_sent
    assert sent < HUGE_BODY // 2, "the huge body was downloaded"

    assert all("Mozilla/5.0" in ua for ua in rec.user_agents)


async def test_slower_than_the_timeout(server: LoopbackServer, engine: str) -> None:
    started = time.monotonic()
    run = await LinkChecker(settings(engine, timeout=0.5)).run([server.url("/slow")])
    result = run.results[server.url("/slow")]
    assert result.verdict is Verdict.TIMEOUT
    assert result.status_code is None
    assert time.monotonic() - started < SLOW_SECONDS  # gave up, did not wait it out
    assert server.recorder.methods("/slow") == ["HEAD"]  # timeouts are not retried


async def test_connection_refused(closed_port_url: str, engine: str) -> None:
    run = await LinkChecker(settings(engine)).run([closed_port_url])
    result = run.results[closed_port_url]
    assert (result.verdict, result.detail) == (Verdict.ERROR, "connection refused")
    assert run.network_down is None


async def test_overall_deadline(server: LoopbackServer, engine: str) -> None:
    started = time.monotonic()
    checker = LinkChecker(settings(engine, timeout=30.0, deadline=2.0))
    run = await checker.run([server.url("/slow"), server.url("/ok")])
    assert time.monotonic() - started < SLOW_SECONDS
    assert run.results[server.url("/ok")].verdict is Verdict.OK
    slow = run.results[server.url("/slow")]
    assert slow.verdict is Verdict.TIMEOUT
    assert "deadline" in slow.detail


async def test_per_host_limit_holds(server: LoopbackServer, engine: str) -> None:
    urls = [server.url(f"/hold?n={i}") for i in range(12)]
    run = await LinkChecker(settings(engine, per_host=2)).run(urls)
    assert [r.verdict for r in run.results.values()] == [Verdict.OK] * 12
    assert server.recorder.max_in_flight <= 2
