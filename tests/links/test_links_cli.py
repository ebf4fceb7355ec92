"""`tracker links audit` end to end, against the loopback server."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import LoopbackServer, MakeDb, P

# The `cli` fixture of tests/conftest.py: cli(*args) -> Result(code, out, err).
Cli = Callable[..., Any]

FAST = ["--timeout", "15", "--retries", "1", "--per-host", "8"]
REQUIRED_KEYS = {
    "paper_id",
    "url",
    "kind",
    "verdict",
    "status_code",
    "final_url",
    "checked_at",
    "detail",
}


@pytest.fixture
def papers(server: LoopbackServer) -> list[P]:
    u = server.url
    return [
        P("alpha", u("/ok"), paper_url=u("/missing"), name="Alpha [bold]net[/bold]"),
        P("beta", u("/perm/1"), category="Object Detection"),
        P("gamma", u("/wall")),
    ]


def test_json_report_and_exit_status(
    cli: Cli, server: LoopbackServer, make_db: MakeDb, papers: list[P]
) -> None:
    make_db(papers)
    result = cli("links", "audit", "--json", *FAST)
    assert result.code == 1, result.err  # one broken link
    records = json.loads(result.out)
    assert len(records) == 4
    assert all(set(r) >= REQUIRED_KEYS for r in records)
    got = {(r["paper_id"], r["kind"]): (r["verdict"], r["status_code"]) for r in records}
    assert got == {
        ("alpha", "review"): ("ok", 200),
        ("alpha", "paper"): ("broken", 404),
        ("beta", "review"): ("redirected", 200),
        ("gamma", "review"): ("blocked", 403),
    }
    beta = next(r for r in records if r["paper_id"] == "beta")
    assert beta["final_url"] == server.url("/final")
    assert beta["checked_at"].endswith("Z") and len(beta["checked_at"]) == 20
    assert result.err == ""  # no progress bar when not on a terminal

    problems = json.loads(cli("links", "audit", "--json", "--only-problems", *FAST).out)
    assert {r["verdict"] for r in problems} == {"broken", "redirected", "blocked"}


def test_exit_zero_without_broken_links(cli: Cli, server: LoopbackServer, make_db: MakeDb) -> None:
    make_db([P("a", server.url("/ok")), P("b", server.url("/wall"))])
    result = cli("links", "audit", *FAST)
    assert result.code == 0, result.err
    assert "No broken links" in result.out


def test_human_report_escapes_catalog_text(
    cli: Cli, server: LoopbackServer, make_db: MakeDb, papers: list[P]
) -> None:
    make_db(papers)
    result = cli("links", "audit", *FAST)
    assert result.code == 1
    assert "Alpha [bold]net[/bold]" in result.out  # shown literally, not as markup
    assert "broken" in result.out and "Image Classification" in result.out
    assert "https://web.archive.org/web/" + server.url("/missing") in result.out
    assert "\x1b" not in result.out


def test_markdown_report(
    cli: Cli, server: LoopbackServer, make_db: MakeDb, papers: list[P]
) -> None:
    make_db(papers)
    out = cli("links", "audit", "--md", *FAST).out
    assert out.startswith("# Link audit")
    assert "| Category |" in out
    assert "Alpha \\[bold\\]net\\[/bold\\]" in out
    assert f"[paper]({server.url('/missing')})" in out


def test_offline_makes_no_request(
    cli: Cli, server: LoopbackServer, make_db: MakeDb, papers: list[P]
) -> None:
    make_db(papers)
    result = cli("links", "audit", "--offline", "--json")
    assert result.code == 0
    assert {r["source"] for r in json.loads(result.out)} == {"unchecked"}
    assert (server.requests, server.connections) == (0, 0)

    cli("links", "audit", *FAST)
    n = server.requests
    result = cli("links", "audit", "--offline")
    assert server.requests == n
    assert result.code == 1  # the last known verdict of /missing is broken
    assert "ago" in result.out or "just now" in result.out


def test_max_age_second_run(
    cli: Cli, server: LoopbackServer, make_db: MakeDb, papers: list[P]
) -> None:
    make_db(papers)
    cli("links", "audit", *FAST)
    n = server.requests
    records = json.loads(cli("links", "audit", "--json", "--max-age", "7d", *FAST).out)
    sources = {r["url"].removeprefix(server.base): r["source"] for r in records}
    assert sources == {"/ok": "cache", "/missing": "cache", "/perm/1": "cache", "/wall": "online"}
    assert server.requests == n + 2  # /wall again: HEAD, then GET


@pytest.mark.parametrize(
    "args",
    [
        ["--json", "--md"],
        ["--max-age", "soon"],
        ["--concurrency", "0"],
        ["--per-host", "0"],
        ["--timeout", "0"],
        ["--retries", "-1"],
        ["--category", "Nope"],
        ["--user-agent", " "],
    ],
)
def test_usage_errors(cli: Cli, make_db: MakeDb, server: LoopbackServer, args: list[str]) -> None:
    make_db([P("a", server.url("/ok"))])
    result = cli("links", "audit", "--offline", *args)
    assert result.code == 2, (result.out, result.err)
    assert "Traceback" not in result.err
    assert server.requests == 0


def test_category_prefix(
    cli: Cli, server: LoopbackServer, make_db: MakeDb, papers: list[P]
) -> None:
    make_db(papers)
    records = json.loads(cli("links", "audit", "--json", "-c", "object", *FAST).out)
    assert [r["paper_id"] for r in records] == ["beta"]


def test_network_down_says_so_once(
    cli: Cli, make_db: MakeDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.services.links import checker, dns, transports

    async def silent(host: str) -> dns.DnsOutcome:
        return dns.DnsOutcome.FAILED

    def refuse_clients(self: object, host: str) -> object:
        raise AssertionError("no HTTP client may be created when the network is down")

    monkeypatch.setattr(checker, "system_resolver", lambda timeout: silent)
    monkeypatch.setattr(transports.ClientPool, "client_for", refuse_clients)
    make_db([P("a", "https://a.test/x"), P("b", "https://b.test/y")])
    result = cli("links", "audit")
    assert result.code == 0
    assert result.err.count("network unreachable") == 1
    assert "offline audit" in result.out


def test_offline_never_imports_http_libraries(
    tmp_path: Path, server: LoopbackServer, make_db: MakeDb, db_path: Path
) -> None:
    make_db([P("a", server.url("/ok"))]).dispose()
    probe = (
        "import sys, json\nsys.argv = ['tracker', '--db', sys.argv[1], 'links', 'audit', "
        "'--offline']\nfrom tracker.cli import main\ntry:\n    main()\nexcept SystemExit:\n"
        "    pass\nprint(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(db_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    modules = set(json.loads(out.splitlines()[-1]))
    assert not {m for m in modules if m.split(".")[0] in {"httpx", "aiohttp", "httpx_aiohttp"}}
    assert (server.requests, server.connections) == (0, 0)


def test_offline_shows_the_corrected_misfiling(cli: Cli, make_db: MakeDb) -> None:
    url = "https://towardsdatascience.com/review-sharpmask-instance-segmentation-6509f7401a61"
    misfiled = P("misfiled", url.replace("sharpmask", "sharpmask-copy"))
    make_db(
        [
            P(
                "sharpmask",
                url,
                category="Instance Segmentation",
                listed_under="Image Classification",
            ),
            misfiled,
        ]
    )
    out = cli("links", "audit", "--offline").out
    assert "notes (1)" in out and "filed it under Image Classification" in out
    assert "problems (1)" in out and "misfiled" in out
    md = cli("links", "audit", "--offline", "--md").out
    assert "## Notes" in md


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from tracker.cli import common, links

    buffer = io.StringIO()
    monkeypatch.setattr(
        common, "err_console", lambda: Console(file=buffer, force_terminal=True, width=80)
    )
    with links._progress_bar(enabled=True) as on_progress:
        assert on_progress is not None
        on_progress(1, 2)
        on_progress(2, 2)
    assert "checking links" in buffer.getvalue()
    with links._progress_bar(enabled=False) as on_progress:
        assert on_progress is None
