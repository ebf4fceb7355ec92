"""Does a host name resolve? Asked once per host before any request.

This is what separates "this host is gone" (its name no longer resolves while other names do:
the link is broken) from "we are offline" (no name resolves: fall back to offline checks).
"""

from __future__ import annotations

import asyncio
import enum
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable


class DnsOutcome(enum.StrEnum):
    RESOLVED = "resolved"
    # The resolver answered: no such name (NXDOMAIN / no address).
    GONE = "gone"
    # No answer (timeout, SERVFAIL, no network): says nothing about the host.
    FAILED = "failed"


Resolver = Callable[[str], Awaitable[DnsOutcome]]

_GONE_ERRNOS = {
    getattr(socket, name)
    for name in ("EAI_NONAME", "EAI_NODATA", "EAI_ADDRFAMILY")
    if hasattr(socket, name)
}


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def system_resolver(timeout: float) -> Resolver:
    async def resolve(host: str) -> DnsOutcome:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                await loop.getaddrinfo(host, 443, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            return DnsOutcome.GONE if exc.errno in _GONE_ERRNOS else DnsOutcome.FAILED
        except (TimeoutError, OSError, UnicodeError):
            return DnsOutcome.FAILED
        return DnsOutcome.RESOLVED

    return resolve


async def resolve_all(hosts: Iterable[str], resolver: Resolver) -> dict[str, DnsOutcome]:
    """Outcome per host name; IP literals count as resolved without asking anyone."""
    names = sorted({h for h in hosts if h and not is_ip_literal(h)})
    outcomes = await asyncio.gather(*(resolver(h) for h in names))
    return dict(zip(names, outcomes, strict=True))
