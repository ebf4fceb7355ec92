"""Fixtures for the link audit: a real HTTP server on 127.0.0.1 that counts its requests, and
databases whose catalog points at it. Nothing here ever contacts another address."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tracker.store.database import Database, open_database, write_meta

HUGE_BODY = 64 * 1024 * 1024
SLOW_SECONDS = 5.0


@dataclass
class Recorder:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: list[tuple[str, str]] = field(default_factory=list)
    hits: Counter[str] = field(default_factory=Counter)
    huge_bytes_sent: int = 0
    user_agents: list[str] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0

    def enter(self) -> None:
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self) -> None:
        with self.lock:
            self.in_flight -= 1

    def record(self, method: str, path: str, user_agent: str) -> int:
        with self.lock:
            self.requests.append((method, path))
            self.user_agents.append(user_agent)
            self.hits[path] += 1
            return self.hits[path]

    @property
    def count(self) -> int:
        with self.lock:
            return len(self.requests)

    def methods(self, path: str) -> list[str]:
        with self.lock:
            return [m for m, p in self.requests if p == path]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LoopbackServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._route("HEAD")

    def do_GET(self) -> None:
        self._route("GET")

    def _send(
        self, status: int, headers: dict[str, str] | None = None, body: bytes = b"<p>hi</p>"
    ) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _redirect(self, status: int, location: str) -> None:
        self._send(status, {"Location": location}, b"")

    def _route(self, method: str) -> None:
        self.server.recorder.enter()
        try:
            self._dispatch(method)
        finally:
            self.server.recorder.leave()

    def _dispatch(self, method: str) -> None:
        path = urlsplit(self.path).path
        hit = self.server.recorder.record(method, path, self.headers.get("User-Agent", ""))
        head = method == "HEAD"
        match path:
            case "/ok" | "/slash/" | "/final":
                self._send(200)
            case "/perm/1":
                self._redirect(301, "/perm/2")
            case "/perm/2":
                self._redirect(308, "/final")
            case "/temp":
                self._redirect(302, "/final")
            case "/slash":
                self._redirect(301, "/slash/")
            case "/loop/a":
                self._redirect(302, "/loop/b")
            case "/loop/b":
                self._redirect(302, "/loop/a")
            case "/to-file":
                self._redirect(302, "file:///etc/passwd")
            case "/to-ftp":
                self._redirect(301, "ftp://127.0.0.1/pub/paper.pdf")
            case "/no-location":
                self._send(302)
            case "/missing":
                self._send(404)
            case "/gone":
                self._send(410)
            case "/head-forbidden":
                self._send(403 if head else 200)
            case "/head-405":
                self._send(405 if head else 200)
            case "/wall":
                self._send(403, body=b"<html><title>Access denied</title></html>")
            case "/cf-wall":
                self._send(503, {"cf-mitigated": "challenge"})
            case "/busy":
                self._send(429, {"Retry-After": "1"}) if hit == 1 else self._send(200)
            case "/busy-long":
                self._send(429, {"Retry-After": "3600"})
            case "/down":
                self._send(503)
            case "/flip":
                self._send(200) if hit == 1 else self._send(403)
            case "/hold":
                time.sleep(0.05)
                self._send(200)
            case "/slow":
                time.sleep(SLOW_SECONDS)
                self._send(200)
            case "/huge":
                self._huge(head)
            case _:
                self._send(404)

    def _huge(self, head: bool) -> None:
        if head:
            self._send(405)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(HUGE_BODY))
        self.end_headers()
        chunk = b"\0" * 65536
        sent = 0
        try:
            while sent < HUGE_BODY:
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            self.close_connection = True
        finally:
            with self.server.recorder.lock:
                self.server.recorder.huge_bytes_sent += sent


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # The default backlog of 5 drops SYNs under a burst of connections; the client then
    # retransmits after a full second, which looks like a slow server.
    request_queue_size = 256

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.recorder = Recorder()
        self.connections = 0

    def verify_request(self, request: object, client_address: object) -> bool:
        # Called once per accepted TCP connection, before any byte is read.
        with self.recorder.lock:
            self.connections += 1
        return True

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def requests(self) -> int:
        return self.recorder.count


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx honours proxy variables: with one set, a request for 127.0.0.1 could leave the
    machine. Tests talk to the loopback server directly, or to nothing."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture
def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connection refused."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/nobody-home"


@dataclass(frozen=True)
class P:
    """A paper for a test catalog."""

    id: str
    review_url: str
    category: str = "Image Classification"
    paper_url: str | None = None
    name: str | None = None
    listed_under: str | None = None
    arxiv: str | None = None


CATEGORIES = ("Image Classification", "Object Detection", "Instance Segmentation")


def fill(db: Database, papers: list[P], categories: tuple[str, ...] = CATEGORIES) -> None:
    """Write a tiny catalog straight into the tables (and mark the store seeded)."""
    from sqlalchemy import insert

    from tracker.store.tables import Category, Paper

    with db.write() as conn:
        conn.execute(
            insert(Category.__table__),  # type: ignore[attr-defined]
            [{"name": c, "position": i} for i, c in enumerate(categories)],
        )
        conn.execute(
            insert(Paper.__table__),  # type: ignore[attr-defined]
            [
                {
                    "id": p.id,
                    "name": p.name or p.id,
                    "category": p.category,
                    "position": i,
                    "review_url": p.review_url,
                    "paper_url": p.paper_url,
                    "listed_under": p.listed_under,
                    "arxiv": p.arxiv,
                }
                for i, p in enumerate(papers)
            ],
        )
        write_meta(conn, "seeded_at", "2026-01-01T00:00:00Z")


MakeDb = Callable[..., Database]


@pytest.fixture
def make_db(db_path: Path) -> Iterator[MakeDb]:
    opened: list[Database] = []

    def make(papers: list[P], categories: tuple[str, ...] = CATEGORIES) -> Database:
        db = open_database(db_path)
        opened.append(db)
        fill(db, papers, categories)
        return db

    yield make
    for db in opened:
        db.dispose()
