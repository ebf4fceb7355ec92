"""httpx clients for the checker: which engine carries the requests, and one pool or many.

The public API stays httpx's (`AsyncClient.send`, `Response`, its exceptions); what differs is
the transport underneath. The benchmark (benchmarks/link_audit.py) measured the options on
this workload: httpx's own transport spends about 1.3 ms of CPU per request, the aiohttp
transport from `httpx-aiohttp` about 0.4 ms (a bare aiohttp loop: 0.15 ms), so aiohttp is the
default engine. One pool per host instead of one shared pool made no measurable difference
with it once the checker's own semaphores bound what is in flight: one shared pool it is.
"""

from __future__ import annotations

import ssl

import httpx

from tracker.services.links.settings import CheckSettings


class ClientPool:
    """Hands out the httpx client to use for a host; closes them all at the end."""

    def __init__(
        self, settings: CheckSettings, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.settings = settings
        self._transport = transport
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._tls: ssl.SSLContext | None = None

    def client_for(self, host: str) -> httpx.AsyncClient:
        # An injected transport (tests) is shared by one client; otherwise one pool per host,
        # or one for everything when `client_per_host` is off.
        key = host if (self.settings.client_per_host and self._transport is None) else ""
        client = self._clients.get(key)
        if client is None:
            size = self.settings.per_host if key else self.settings.concurrency
            client = self._make_client(size)
            self._clients[key] = client
        return client

    def _make_client(self, size: int) -> httpx.AsyncClient:
        s = self.settings
        limits = httpx.Limits(max_connections=size, max_keepalive_connections=size)
        if self._tls is None:
            # Loading the CA bundle is most of what a new client costs: do it once.
            self._tls = httpx.create_ssl_context()
        transport = self._transport
        if transport is None and s.engine == "aiohttp":
            from httpx_aiohttp import AiohttpTransport

            transport = AiohttpTransport(verify=self._tls, limits=limits)
        return httpx.AsyncClient(
            headers=s.headers,
            timeout=httpx.Timeout(s.timeout),
            limits=limits,
            transport=transport,
            verify=self._tls,
            follow_redirects=False,
            trust_env=True,
        )

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()
