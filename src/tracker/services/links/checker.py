"""The online link checker: many URLs, politely, each to one verdict.

Per URL: HEAD first (GET when HEAD is refused), redirects followed by hand so the whole chain
is recorded and only http(s) targets are allowed, at most `body_cap` bytes of a body read,
`Retry-After` honoured up to a cap, exponential backoff with jitter for transient failures.
Across URLs: a global and a per-host concurrency limit, a per-request timeout and an overall
deadline. Host names are resolved once up front, which tells "this host is gone" (broken)
from "we are offline" (fall back to offline checks, say so once).
"""

from __future__ import annotations

import asyncio
import functools
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

import httpx

from tracker import clock
from tracker.catalog.text import printable
from tracker.services.links import policy, tds
from tracker.services.links.dns import DnsOutcome, Resolver, resolve_all, system_resolver
from tracker.services.links.failures import Failure, classify
from tracker.services.links.settings import CheckSettings
from tracker.services.links.transports import ClientPool
from tracker.services.links.verdicts import (
    PERMANENT_REDIRECTS,
    REDIRECT_STATUSES,
    Hop,
    LinkResult,
    Verdict,
)

OnResult = Callable[[LinkResult], None]


@dataclass(frozen=True, slots=True)
class CheckRun:
    """What an online run produced. `network_down` is set (and `results` empty) when the
    network looked unreachable: the caller should fall back to offline checks."""

    results: dict[str, LinkResult]
    network_down: str | None = None


@dataclass(slots=True)
class _Answer:
    """Where a chain of requests ended: a status, or a failure."""

    url: str
    chain: tuple[Hop, ...]
    status: int | None = None
    headers: httpx.Headers | None = None
    snippet: bytes = b""
    failure: Failure | None = None


@dataclass(slots=True)
class _Tally:
    requests: int = 0
    bytes_read: int = 0
    # When the first request got its slots: time spent queued behind the limits is not
    # this URL's latency.
    first_request_at: float | None = None


@dataclass(slots=True)
class _Watch:
    """Offline detection: connect-level failures on several hosts before any host answered."""

    hosts_total: int = 0
    answered: int = 0
    unreachable_hosts: set[str] = field(default_factory=set)
    reason: str = ""
    down: asyncio.Event = field(default_factory=asyncio.Event)


class LinkChecker:
    def __init__(
        self,
        settings: CheckSettings | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        resolver: Resolver | None = None,
        on_result: OnResult | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings or CheckSettings()
        self._transport = transport
        # With an injected transport (tests) nothing may reach a real resolver; behind a
        # proxy, names are the proxy's business and may well not resolve here.
        self._resolver = resolver
        if resolver is None and transport is None and not _proxied():
            self._resolver = system_resolver(min(self.settings.timeout, 10.0))
        self._on_result = on_result
        self._rng = rng or random.Random()
        self._global: asyncio.Semaphore | None = None
        self._per_host: dict[str, asyncio.Semaphore] = {}
        self._pool: ClientPool | None = None
        self._watch = _Watch()
        self._deadline_at = float("inf")

    # -- the run ---------------------------------------------------------------------------

    async def run(self, urls: Sequence[str]) -> CheckRun:
        s = self.settings
        started = time.monotonic()
        self._deadline_at = started + s.deadline if s.deadline else float("inf")
        self._global = asyncio.Semaphore(s.concurrency)
        self._watch = _Watch()
        unique = list(dict.fromkeys(urls))
        results: dict[str, LinkResult] = {}

        hosts = {_host(u) for u in unique}
        dns: dict[str, DnsOutcome] = {}
        if self._resolver is not None:
            try:
                async with asyncio.timeout(self._budget()):
                    dns = await resolve_all(hosts, self._resolver)
            except TimeoutError:
                dns = dict.fromkeys(hosts, DnsOutcome.FAILED)
        # Nothing resolves, and no IP-literal host could prove the network is up: offline.
        only_names = len(dns) == len({h for h in hosts if h})
        if dns and only_names and DnsOutcome.RESOLVED not in dns.values():
            return CheckRun({}, "no host name resolves (DNS unreachable)")

        to_check: list[str] = []
        for url in unique:
            outcome = dns.get(_host(url), DnsOutcome.RESOLVED)
            if outcome is DnsOutcome.RESOLVED:
                to_check.append(url)
            else:
                self._emit(results, _dns_result(url, outcome))

        self._watch.hosts_total = len({_host(u) for u in to_check})
        self._pool = ClientPool(s, self._transport)
        try:
            await self._check_all(to_check, results)
        finally:
            await self._pool.aclose()
        if self._watch.down.is_set():
            return CheckRun({}, self._watch.reason)

        for url in to_check:
            if url not in results:
                detail = f"overall deadline of {s.deadline:g}s reached before the check finished"
                self._emit(results, LinkResult(url, Verdict.TIMEOUT, clock.now(), detail=detail))
        return CheckRun({u: results[u] for u in unique})

    async def _check_all(self, urls: list[str], results: dict[str, LinkResult]) -> None:
        if not urls:
            return

        async def one(url: str) -> None:
            try:
                result = await self._check_url(url)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a bug here must cost one URL, not the whole audit
                detail = f"internal error: {type(exc).__name__}: {printable(str(exc), 200)}"
                result = LinkResult(url, Verdict.ERROR, clock.now(), detail=detail)
            self._emit(results, result)

        main: asyncio.Future[Any] = asyncio.ensure_future(asyncio.gather(*(one(u) for u in urls)))
        down: asyncio.Future[Any] = asyncio.ensure_future(self._watch.down.wait())
        await asyncio.wait(
            {main, down}, timeout=self._budget(), return_when=asyncio.FIRST_COMPLETED
        )
        down.cancel()
        if not main.done():
            main.cancel()
        await asyncio.gather(main, down, return_exceptions=True)

    def _emit(self, results: dict[str, LinkResult], result: LinkResult) -> None:
        results[result.url] = result
        if self._on_result is not None:
            self._on_result(result)

    def _remaining(self) -> float:
        return max(0.0, self._deadline_at - time.monotonic())

    def _budget(self) -> float | None:
        """Seconds left before the overall deadline, None when there is none."""
        return None if self._deadline_at == float("inf") else self._remaining()

    # -- one URL ---------------------------------------------------------------------------

    async def _check_url(self, url: str) -> LinkResult:
        tally = _Tally()
        result = await self._verdict_for(url, tally)
        if result.verdict is Verdict.BROKEN and result.status_code in (404, 410):
            result = await self._tds_trailing_slash(result, tally)
        finished = time.monotonic()
        started = tally.first_request_at or finished
        return replace(
            result,
            checked_at=clock.now(),
            elapsed_ms=round((finished - started) * 1000),
            requests=tally.requests,
            bytes_read=tally.bytes_read,
        )

    async def _verdict_for(self, url: str, tally: _Tally) -> LinkResult:
        method = "HEAD"
        attempt = 0
        while True:
            answer = await self._follow(url, method, tally)
            if method == "HEAD" and _get_instead(answer):
                method = "GET"
                continue
            delay, why_not = self._retry_delay(answer, attempt)
            if delay is None:
                return self._result(url, answer, why_not)
            await asyncio.sleep(delay)
            attempt += 1

    def _retry_delay(self, answer: _Answer, attempt: int) -> tuple[float | None, str]:
        """Seconds to wait before the next attempt, or (None, note for the detail)."""
        s = self.settings
        if answer.failure is not None:
            if not answer.failure.transient:
                return None, ""
            wanted = None
        else:
            assert answer.status is not None and answer.headers is not None
            if answer.status not in policy.TRANSIENT_STATUSES or self._is_wall(answer):
                return None, ""
            wanted = policy.retry_after(answer.headers.get("retry-after"))
            if wanted is not None and wanted > s.max_retry_after:
                return None, f"Retry-After {wanted:g}s exceeds the {s.max_retry_after:g}s cap"
        if attempt >= s.retries:
            return None, f"gave up after {attempt + 1} attempts" if attempt else ""
        delay = (
            wanted
            if wanted is not None
            else policy.backoff(attempt, s.backoff_base, s.backoff_cap, self._rng)
        )
        if delay + s.timeout > self._remaining():
            return None, "not retried: the overall deadline is too close"
        return delay, ""

    def _is_wall(self, answer: _Answer) -> bool:
        assert answer.headers is not None
        return policy.is_bot_wall(
            answer.headers, answer.snippet, answer.headers.get("content-encoding", "")
        )

    def _result(self, url: str, answer: _Answer, note: str) -> LinkResult:
        chain = answer.chain
        final_url = answer.url if answer.url != url else None
        if answer.failure is not None:
            verdict, detail = answer.failure.verdict, answer.failure.detail
            status = None
        else:
            assert answer.status is not None
            status = answer.status
            verdict, detail = policy.status_verdict(status, bot_wall=self._is_wall(answer))
            if verdict is Verdict.OK and any(h.status in PERMANENT_REDIRECTS for h in chain):
                verdict = Verdict.REDIRECTED
                detail = f"moved permanently to {printable(answer.url, 300)}"
        if note:
            detail = f"{detail}; {note}" if detail else note
        return LinkResult(
            url,
            verdict,
            clock.now(),
            status_code=status,
            final_url=final_url,
            chain=chain,
            detail=detail,
        )

    async def _tds_trailing_slash(self, result: LinkResult, tally: _Tally) -> LinkResult:
        """A TDS article that 404s may have been carried over to the trailing-slash URL."""
        candidate = tds.trailing_slash_url(result.url)
        if candidate is None:
            return result
        moved = await self._verdict_for(candidate, tally)
        if moved.verdict not in (Verdict.OK, Verdict.REDIRECTED):
            return result
        return replace(
            moved,
            url=result.url,
            verdict=Verdict.REDIRECTED,
            final_url=moved.final_url or candidate,
            # The 404 was no redirect: the chain keeps only real hops, the detail says why.
            chain=moved.chain,
            detail=f"HTTP {result.status_code} here; the article moved to the trailing-slash URL",
        )

    # -- requests --------------------------------------------------------------------------

    async def _follow(self, url: str, method: str, tally: _Tally) -> _Answer:
        """One request per hop until a non-redirect answer, a failure or a refused hop."""
        s = self.settings
        chain: list[Hop] = []
        current = url
        seen = {url}
        for _ in range(s.max_redirects + 1):
            try:
                status, headers, snippet = await self._request(method, current, tally)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                failure = classify(exc, s.timeout)
                self._note_failure(current, failure)
                return _Answer(current, tuple(chain), failure=failure)
            self._watch.answered += 1
            if status not in REDIRECT_STATUSES or "location" not in headers:
                return _Answer(current, tuple(chain), status, headers, snippet)
            chain.append(Hop(current, status))
            target, problem = _next_hop(current, headers["location"], seen)
            if problem:
                return _Answer(current, tuple(chain), failure=Failure(Verdict.ERROR, problem))
            assert target is not None
            seen.add(target)
            current = target
        too_many = Failure(Verdict.ERROR, f"more than {s.max_redirects} redirects")
        return _Answer(current, tuple(chain), failure=too_many)

    async def _request(
        self, method: str, url: str, tally: _Tally
    ) -> tuple[int, httpx.Headers, bytes]:
        s = self.settings
        assert self._pool is not None and self._global is not None
        host = _host(url)
        client = self._pool.client_for(host)
        host_limit = self._per_host.get(host)
        if host_limit is None:
            host_limit = self._per_host[host] = asyncio.Semaphore(s.per_host)
        # Host slot first, then a global one: a URL waiting for a busy host holds no global slot.
        async with host_limit, self._global:
            tally.requests += 1
            if tally.first_request_at is None:
                tally.first_request_at = time.monotonic()
            # httpx's timeouts are per phase (a server dripping one byte per second never trips
            # a read timeout); this bounds the whole request, with a little slack so httpx's
            # more precise connect/read timeouts normally fire first.
            async with asyncio.timeout(s.timeout + min(1.0, s.timeout / 4)):
                response = await client.send(client.build_request(method, url), stream=True)
                try:
                    snippet = b""
                    if method == "GET" and response.status_code not in REDIRECT_STATUSES:
                        snippet = await _read_capped(response, s.body_cap, tally)
                finally:
                    await response.aclose()
        return response.status_code, response.headers, snippet

    def _note_failure(self, url: str, failure: Failure) -> None:
        w = self._watch
        if not failure.unreachable or w.answered or w.down.is_set():
            return
        w.unreachable_hosts.add(_host(url))
        if len(w.unreachable_hosts) >= min(2, max(1, w.hosts_total)):
            w.reason = f"no host could be reached ({failure.detail})"
            w.down.set()


async def _read_capped(response: httpx.Response, cap: int, tally: _Tally) -> bytes:
    """At most about `cap` raw bytes; the rest of the body is never downloaded (closing the
    response drops the connection instead of draining it)."""
    buf = bytearray()
    try:
        async for chunk in response.aiter_raw():
            tally.bytes_read += len(chunk)
            buf += chunk
            if len(buf) >= cap:
                break
    except httpx.StreamConsumed:  # a response built in memory (MockTransport): no stream
        buf += response.content[:cap]
    return bytes(buf[:cap])


def _dns_result(url: str, outcome: DnsOutcome) -> LinkResult:
    host = printable(_host(url), 100)
    if outcome is DnsOutcome.GONE:
        detail = f"host name {host} no longer resolves (other hosts do)"
        return LinkResult(url, Verdict.BROKEN, clock.now(), detail=detail)
    detail = f"host name {host} could not be resolved (DNS gave no answer)"
    return LinkResult(url, Verdict.ERROR, clock.now(), detail=detail)


def _get_instead(answer: _Answer) -> bool:
    if answer.failure is not None:
        return answer.failure.retry_with_get
    return answer.status is not None and policy.head_refused(answer.status)


def _next_hop(current: str, location: str, seen: set[str]) -> tuple[str | None, str]:
    try:
        target = str(httpx.URL(current).join(location.strip()))
    except (httpx.InvalidURL, ValueError) as exc:
        return None, f"redirect to an unusable Location ({printable(str(exc), 100)})"
    scheme = urlsplit(target).scheme.lower()
    if scheme not in ("http", "https"):
        return (
            None,
            f"redirect to a {printable(scheme, 20)}: URL refused ({printable(target, 200)})",
        )
    if target in seen:
        return None, f"redirect loop back to {printable(target, 200)}"
    return target, ""


def _proxied() -> bool:
    from urllib.request import getproxies

    return any(k in getproxies() for k in ("http", "https", "all"))


@functools.lru_cache(maxsize=4096)
def _host(url: str) -> str:
    # Asked several times per request (limits, pools, offline detection): parse once.
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
