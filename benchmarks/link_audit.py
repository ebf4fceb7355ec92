"""Link-audit benchmark: loopback servers with a fixed latency, mixed outcomes, 1,000 and 5,000
URLs over 10 hosts (127.0.0.2 ... 127.0.0.11), against a plain aiohttp loop with the same
limits measured in the same run.

    python -m benchmarks.link_audit          # about 35 s on 2 cores
    python -m benchmarks.link_audit --quick  # 1,000 URLs only (about 20 s)

Every client runs in its own process, so wall time includes interpreter start and imports;
CPU time (os.wait4) and peak memory (VmHWM) are the child's own. The servers run in this
process on a bare asyncio protocol (a few microseconds per request) and count requests;
nothing outside 127.0.0.0/8 is ever contacted. Timings are noisy on a shared machine: run it
twice before believing a 10% difference.

Transport options measured for the checker (all behind httpx's API): httpx's own transport
vs the aiohttp transport from httpx-aiohttp, each with one shared pool or one pool per host;
plus the real command (`tracker links audit --json`, SQLite store included) at 5,000 URLs.
Every client's verdicts are compared with the expected verdict of every URL.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

HOSTS = [f"127.0.0.{i}" for i in range(2, 12)]
LATENCY = 0.020
SLOW = 4.0  # the one response slower than the timeout
TIMEOUT = 2.0
CONCURRENCY = 64
PER_HOST = 8
RETRIES = 2

# Outcome classes per 100 URLs, with the verdict a correct checker must give.
MIX: tuple[tuple[str, int, str], ...] = (
    ("ok", 67, "ok"),
    ("r301", 5, "redirected"),  # 301 -> 200
    ("r302", 3, "ok"),  # temporary redirect: still ok
    ("h405", 5, "ok"),  # HEAD refused with 405, GET 200
    ("rl", 2, "ok"),  # 429 + Retry-After: 1 on the first request, then 200
    ("nf", 5, "broken"),  # 404
    ("gone", 3, "broken"),  # 410
    ("svc", 2, "error"),  # 503 every time
    ("bot", 8, "blocked"),  # 403 to HEAD and GET
)
EXPECTED = {kind: verdict for kind, _, verdict in MIX}
SCHEDULE = [kind for kind, share, _ in MIX for _ in range(share)]


def make_urls(bases: list[str], n: int, run: str) -> list[str]:
    """Deterministic URL list: classes interleaved, hosts round-robin, one slow URL."""
    urls = []
    for i in range(n):
        kind = "slow" if i == n // 2 else SCHEDULE[(i * 37) % len(SCHEDULE)]
        urls.append(f"{bases[i % len(bases)]}/{run}/{kind}/{i}")
    return urls


def expected_verdict(url: str) -> str:
    kind = url.rsplit("/", 2)[-2]
    return "timeout" if kind == "slow" else EXPECTED[kind]


# -- the servers -----------------------------------------------------------------------------

REASONS = {200: "OK", 301: "Moved", 302: "Found", 403: "Forbidden", 404: "Not Found"}
REASONS |= {405: "Method Not Allowed", 410: "Gone", 429: "Too Many", 503: "Unavailable"}


class _Http(asyncio.Protocol):
    """Just enough HTTP/1.1 (keep-alive, HEAD/GET, no request bodies) for the benchmark."""

    hits: ClassVar[Counter[bytes]] = Counter()
    requests: ClassVar[int] = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport: asyncio.Transport = transport  # type: ignore[assignment]
        self.buf = b""

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while b"\r\n\r\n" in self.buf:
            head, self.buf = self.buf.split(b"\r\n\r\n", 1)
            method, path = head.split(b" ", 2)[:2]
            _Http.requests += 1
            delay = SLOW if b"/slow/" in path else LATENCY
            loop = asyncio.get_running_loop()
            loop.call_later(delay, self.respond, *self.route(method, path))

    def route(self, method: bytes, path: bytes) -> tuple[bool, int, str]:
        kind = path.split(b"/")[2]
        head = method == b"HEAD"
        if kind in (b"ok", b"slow", b"final"):
            return head, 200, ""
        if kind == b"r301":
            return head, 301, f"Location: {path.replace(b'/r301/', b'/final/').decode()}\r\n"
        if kind == b"r302":
            return head, 302, f"Location: {path.replace(b'/r302/', b'/final/').decode()}\r\n"
        if kind == b"h405":
            return head, 405 if head else 200, ""
        if kind == b"rl":
            _Http.hits[path] += 1
            return head, (429 if _Http.hits[path] == 1 else 200), "Retry-After: 1\r\n"
        status = {b"nf": 404, b"gone": 410, b"svc": 503, b"bot": 403}.get(kind, 404)
        return head, status, ""

    def respond(self, head: bool, status: int, extra: str) -> None:
        if self.transport.is_closing():
            return
        body = b"" if head else b"<html>hello</html>"
        self.transport.write(
            f"HTTP/1.1 {status} {REASONS[status]}\r\nContent-Type: text/html\r\n"
            f"Content-Length: 18\r\n{extra}\r\n".encode()
            + body
        )


class Servers:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.bases: list[str] = []
        ready = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self.thread.start()
        ready.wait()

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)

        async def start() -> None:
            for host in HOSTS:
                server = await self.loop.create_server(_Http, host, 0, backlog=4096)
                port = server.sockets[0].getsockname()[1]
                self.bases.append(f"http://{host}:{port}")

        self.loop.run_until_complete(start())
        ready.set()
        self.loop.run_forever()

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)


# -- clients (each runs in a child process) ---------------------------------------------------


def client_tracker(urls: list[str], engine: str, per_host_pools: bool) -> list[str]:
    from tracker.services.links.checker import LinkChecker
    from tracker.services.links.settings import CheckSettings

    settings = CheckSettings(
        concurrency=CONCURRENCY,
        per_host=PER_HOST,
        timeout=TIMEOUT,
        retries=RETRIES,
        engine=engine,
        client_per_host=per_host_pools,
    )
    run = asyncio.run(LinkChecker(settings).run(urls))
    return [run.results[u].verdict.value for u in urls]


def client_aiohttp(urls: list[str], bases: list[str]) -> list[str]:
    """The baseline: a plain aiohttp loop with the same limits and the same HTTP policy
    (HEAD then GET on refusal, redirects, Retry-After, backoff with jitter, a byte cap)."""
    import aiohttp

    rng = random.Random()

    async def main() -> list[str]:
        connector = aiohttp.TCPConnector(limit=CONCURRENCY, limit_per_host=PER_HOST)
        timeout = aiohttp.ClientTimeout(total=TIMEOUT)
        # Semaphores, not only the connector's limits: aiohttp's total timeout includes the
        # wait for a pooled connection, so 5,000 queued requests would "time out" unsent.
        everyone = asyncio.Semaphore(CONCURRENCY)
        per_host = {urlsplit(b).hostname: asyncio.Semaphore(PER_HOST) for b in bases}
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

            async def check(url: str) -> str:
                method, attempt = "HEAD", 0
                while True:
                    try:
                        async with (
                            per_host[urlsplit(url).hostname],
                            everyone,
                            session.request(method, url, max_redirects=10) as r,
                        ):
                            status = r.status
                            moved = any(h.status in (301, 308) for h in r.history)
                            wait = r.headers.get("Retry-After")
                            if method == "GET":
                                await r.content.read(4096)
                    except TimeoutError:
                        return "timeout"
                    except aiohttp.ClientError:
                        return "error"
                    if method == "HEAD" and status >= 400 and status != 429:
                        method = "GET"
                        continue
                    if status in (429, 500, 502, 503, 504) and attempt < RETRIES:
                        ceiling = 0.5 * 2**attempt
                        delay = float(wait) if wait else ceiling / 2 + rng.uniform(0, ceiling / 2)
                        await asyncio.sleep(delay)
                        attempt += 1
                        continue
                    if 200 <= status < 300:
                        return "redirected" if moved else "ok"
                    if status in (404, 410):
                        return "broken"
                    if status in (401, 403):
                        return "blocked"
                    return "rate-limited" if status == 429 else "error"

            return await asyncio.gather(*(check(u) for u in urls))

    return asyncio.run(main())


CLIENTS: dict[str, Callable[[list[str], list[str]], list[str]]] = {
    "aiohttp-loop": client_aiohttp,
    "httpx/shared": lambda urls, _: client_tracker(urls, "httpx", False),
    "httpx/per-host": lambda urls, _: client_tracker(urls, "httpx", True),
    "aiohttp-transport/shared": lambda urls, _: client_tracker(urls, "aiohttp", False),
    "aiohttp-transport/per-host": lambda urls, _: client_tracker(urls, "aiohttp", True),
}


def child_main(client: str, spec_json: str) -> None:
    spec = json.loads(spec_json)
    urls = make_urls(spec["bases"], spec["n"], spec["run"])
    verdicts = CLIENTS[client](urls, spec["bases"])
    sys.stdout.write(json.dumps(verdicts))


# Prepended to every child's code: its peak RSS, as the child sees it. Not ru_maxrss: Linux
# carries the high-water mark of the image replaced by exec (this parent) into the child's.
PEAK_MEMORY = """
import atexit, sys
def _report_peak_memory():
    with open("/proc/self/status") as f:
        kb = next(line.split()[1] for line in f if line.startswith("VmHWM:"))
    sys.stderr.write(f"\\nvmhwm_kb={kb}\\n")
atexit.register(_report_peak_memory)
"""


# -- orchestration -----------------------------------------------------------------------------


@dataclass
class Measure:
    label: str
    n: int
    wall: float
    cpu: float
    rss_mb: float
    wrong: int
    requests: int

    def line(self, baseline: Measure | None) -> str:
        ratio = f"{self.wall / baseline.wall:5.2f}x" if baseline else "     "
        return (
            f"  {self.label:<28} {self.n:>5} URLs {self.wall:6.2f} s "
            f"{self.n / self.wall:7.0f} URL/s  cpu {self.cpu:5.2f} s  "
            f"rss {self.rss_mb:5.0f} MB  {ratio}  requests {self.requests:>5}  wrong {self.wrong}"
        )


def run_child(
    argv: list[str], env: dict[str, str] | None = None
) -> tuple[float, float, float, str]:
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    # Read the pipes in threads: a 5,000-verdict JSON must not fill the pipe and stall.
    out: list[bytes] = []
    err: list[bytes] = []
    readers = [
        threading.Thread(target=lambda: out.append(proc.stdout.read())),  # type: ignore[union-attr]
        threading.Thread(target=lambda: err.append(proc.stderr.read())),  # type: ignore[union-attr]
    ]
    for r in readers:
        r.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    for r in readers:
        r.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = err[0].decode()
    peak = re.search(r"vmhwm_kb=(\d+)", stderr)
    if proc.returncode not in (0, 1) or peak is None:
        raise SystemExit(f"{argv[:4]} failed ({proc.returncode}):\n{stderr[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, int(peak.group(1)) / 1024, out[0].decode()


def measure_client(client: str, servers: Servers, n: int, run: str) -> Measure:
    spec = json.dumps({"bases": servers.bases, "n": n, "run": run})
    before = _Http.requests
    code = PEAK_MEMORY + "from benchmarks.link_audit import main; main()"
    argv = [sys.executable, "-c", code, "--child", client, spec]
    wall, cpu, rss, out = run_child(argv)
    urls = make_urls(servers.bases, n, run)
    verdicts = json.loads(out)
    wrong = sum(v != expected_verdict(u) for u, v in zip(urls, verdicts, strict=True))
    return Measure(client, n, wall, cpu, rss, wrong, _Http.requests - before)


def measure_command(servers: Servers, n: int, run: str, workdir: Path) -> Measure:
    """`tracker links audit --json` on a store holding n papers whose review URLs are ours."""
    urls = make_urls(servers.bases, n, run)
    db_file = workdir / f"{run}.db"
    _make_store(db_file, urls)
    env = {**os.environ, "NO_COLOR": "1", "TRACKER_DB": str(db_file)}
    argv = [
        sys.executable,
        "-c",
        PEAK_MEMORY + "from tracker.cli import main; main()",
        "links",
        "audit",
        "--json",
        *("--concurrency", str(CONCURRENCY), "--per-host", str(PER_HOST)),
        *("--timeout", str(TIMEOUT), "--retries", str(RETRIES)),
    ]
    before = _Http.requests
    wall, cpu, rss, out = run_child(argv, env)
    got = {r["url"]: r["verdict"] for r in json.loads(out)}
    wrong = sum(got.get(u) != expected_verdict(u) for u in urls)
    return Measure("tracker links audit (CLI)", n, wall, cpu, rss, wrong, _Http.requests - before)


def _make_store(path: Path, urls: list[str]) -> None:
    from sqlalchemy import insert

    from tracker.store.database import open_database, write_meta
    from tracker.store.tables import Category, Paper

    cats = ["Image Classification", "Object Detection", "Semantic Segmentation"]
    db = open_database(path)
    try:
        with db.write() as conn:
            conn.execute(
                insert(Category.__table__),  # type: ignore[attr-defined]
                [{"name": c, "position": i} for i, c in enumerate(cats)],
            )
            rows = [
                {"id": f"p{i}", "name": f"Paper {i}", "category": cats[i % 3], "position": i}
                | {"review_url": u}
                for i, u in enumerate(urls)
            ]
            conn.execute(insert(Paper.__table__), rows)  # type: ignore[attr-defined]
            write_meta(conn, "seeded_at", "2026-01-01T00:00:00Z")
    finally:
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 URLs only")
    parser.add_argument("--child", nargs=2, metavar=("CLIENT", "SPEC"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_main(*args.child)
        return
    _check_loopback()
    # Children inherit the environment: a proxy variable would send loopback traffic away.
    for name in [k for k in os.environ if k.lower() in ("http_proxy", "https_proxy", "all_proxy")]:
        del os.environ[name]
    servers = Servers()
    started = time.perf_counter()
    print(
        f"link audit benchmark: {len(HOSTS)} hosts, {LATENCY * 1000:.0f} ms latency, "
        f"concurrency {CONCURRENCY}, per host {PER_HOST}, timeout {TIMEOUT:g} s "
        f"(one {SLOW:g} s response), retries {RETRIES}"
    )
    runs = 0

    def run_id() -> str:
        nonlocal runs
        runs += 1
        return f"run{runs}"

    try:
        print("\n1,000 URLs: transports behind httpx's API vs a plain aiohttp loop")
        base = measure_client("aiohttp-loop", servers, 1000, run_id())
        print(base.line(None))
        for client in [c for c in CLIENTS if c != "aiohttp-loop"]:
            print(measure_client(client, servers, 1000, run_id()).line(base))
        if not args.quick:
            print("\n5,000 URLs: the chosen transport (aiohttp, one shared pool), and the command")
            base = measure_client("aiohttp-loop", servers, 5000, run_id())
            print(base.line(None))
            print(measure_client("aiohttp-transport/shared", servers, 5000, run_id()).line(base))
            with tempfile.TemporaryDirectory() as tmp:
                print(measure_command(servers, 5000, run_id(), Path(tmp)).line(base))
    finally:
        servers.stop()
    print(f"\ntotal {time.perf_counter() - started:.1f} s; ratio = wall time / aiohttp loop's")


def _check_loopback() -> None:
    for host in HOSTS:
        with socket.socket() as s:
            try:
                s.bind((host, 0))
            except OSError as exc:
                raise SystemExit(f"cannot bind {host} ({exc}); this needs Linux loopback") from None


if __name__ == "__main__":
    main()
