"""Turning an exception from a request into a verdict.

The exception an HTTP stack raises is not always the one that matters: httpx-aiohttp reports
a refused connection as `ConnectTimeout`, and anyio wraps it in "All connection attempts
failed". So the whole cause chain is inspected, root causes first.
"""

from __future__ import annotations

import errno
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass

import httpx

from tracker.catalog.text import printable
from tracker.services.links.verdicts import Verdict

_UNREACHABLE_ERRNOS = frozenset(
    {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN}
)


@dataclass(frozen=True, slots=True)
class Failure:
    verdict: Verdict
    detail: str
    # Worth another attempt after a backoff.
    transient: bool = False
    # Evidence that we may be offline (no route, DNS silence, connect timeout).
    unreachable: bool = False
    # Some servers drop the connection on HEAD but answer GET.
    retry_with_get: bool = False


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(seen) < 12:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _names(exc: BaseException) -> set[str]:
    # aiohttp's exception classes, recognised by name so this module need not import aiohttp.
    return {cls.__name__ for cls in type(exc).__mro__}


def classify(exc: BaseException, timeout: float) -> Failure:
    chain = list(_chain(exc))
    for e in chain:
        if isinstance(e, socket.gaierror):
            return _offline(f"DNS lookup failed: {_text(e)}")
        if isinstance(e, ConnectionRefusedError):
            # Something answered with a reset: the network is up, this server is not.
            return Failure(Verdict.ERROR, "connection refused")
        if isinstance(e, OSError) and e.errno in _UNREACHABLE_ERRNOS:
            return _offline(f"network unreachable: {_text(e)}")
        if isinstance(e, ssl.SSLCertVerificationError):
            return Failure(Verdict.ERROR, f"TLS certificate rejected: {_text(e)}")
        if isinstance(e, ssl.SSLError):
            return Failure(Verdict.ERROR, f"TLS error: {_text(e)}")
    for e in chain:
        names = _names(e)
        if "ConnectionTimeoutError" in names:
            return _connect_timeout(timeout)
        if "ServerDisconnectedError" in names or isinstance(e, httpx.RemoteProtocolError):
            return _flaky(f"server closed the connection: {_text(e)}")
        if "ClientPayloadError" in names or isinstance(e, httpx.LocalProtocolError):
            return _flaky(f"HTTP protocol error: {_text(e)}")
        if isinstance(e, ConnectionResetError | BrokenPipeError):
            return Failure(Verdict.ERROR, "connection reset", transient=True)
        if "ClientConnectorError" in names:
            return Failure(Verdict.ERROR, f"could not connect: {_text(e)}", transient=True)
    top = chain[0]
    if isinstance(top, httpx.ConnectTimeout):
        return _connect_timeout(timeout)
    if isinstance(top, httpx.TimeoutException | TimeoutError):
        # Not retried: the request already spent its whole budget, a retry would triple the
        # worst case, and a timeout is never cached, so the next run asks again anyway.
        return Failure(Verdict.TIMEOUT, f"no complete answer within {timeout:g}s")
    if isinstance(top, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return Failure(Verdict.ERROR, f"unusable URL: {_text(top)}")
    if isinstance(top, httpx.ProxyError):
        return Failure(Verdict.ERROR, f"proxy error: {_text(top)}", transient=True)
    if isinstance(top, httpx.TransportError):
        return Failure(Verdict.ERROR, f"{type(top).__name__}: {_text(top)}", transient=True)
    return Failure(Verdict.ERROR, f"{type(top).__name__}: {_text(top)}")


def _offline(detail: str) -> Failure:
    return Failure(Verdict.ERROR, detail, transient=True, unreachable=True)


def _flaky(detail: str) -> Failure:
    return Failure(Verdict.ERROR, detail, transient=True, retry_with_get=True)


def _connect_timeout(timeout: float) -> Failure:
    return Failure(Verdict.TIMEOUT, f"could not connect within {timeout:g}s", unreachable=True)


def _text(exc: BaseException) -> str:
    return printable(str(exc) or type(exc).__name__, 200)
