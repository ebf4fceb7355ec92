"""Link audit reports: a Rich summary for people, JSON for scripts, Markdown for sharing.

Everything from the catalog or the network goes into Rich as `Text` (never parsed as markup)
and through `printable` (control characters shown escaped, never emitted raw).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tracker.catalog.text import printable
from tracker.services.links.audit import AuditEntry, AuditReport, Source
from tracker.services.links.static import Severity, StaticIssue
from tracker.services.links.verdicts import ORDER
from tracker.store.link_checks import stamp

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

UNCHECKED = Source.UNCHECKED.value
COLUMNS: tuple[str, ...] = (*(v.value for v in ORDER), UNCHECKED)
STYLES = {
    "ok": "green",
    "redirected": "cyan",
    "broken": "bold red",
    "blocked": "yellow",
    "rate-limited": "yellow",
    "timeout": "magenta",
    "error": "red",
    UNCHECKED: "dim",
}
# Problems listed most actionable first.
_RANK = {v: i for i, v in enumerate(("broken", "redirected", "error", "timeout", "rate-limited"))}
EXIT_NOTE = (
    "Only `broken` links (404/410, a host name that no longer resolves, an unusable URL) count "
    "as dead and make the exit status 1; blocked, rate-limited, timeout and error links may "
    "well work in a browser."
)


def clean(text: str | None, limit: int = 2000) -> str:
    return printable(text, limit) if text else ""


def _key(e: AuditEntry) -> str:
    return e.verdict.value if e.verdict else UNCHECKED


def _shown_issues(e: AuditEntry) -> list[StaticIssue]:
    """Issues worth a line of their own (an unusable URL's error already is the detail)."""
    if e.source is Source.STATIC:
        return [i for i in e.issues if i.severity is not Severity.ERROR]
    return list(e.issues)


def notes_of(report: AuditReport) -> list[tuple[AuditEntry, StaticIssue]]:
    """Informational findings on links that are otherwise fine (e.g. a corrected misfiling)."""
    return [
        (e, i)
        for e in report.entries
        if not e.is_problem
        for i in e.issues
        if i.severity is Severity.NOTE
    ]


def selected(report: AuditReport, only_problems: bool) -> list[AuditEntry]:
    if not only_problems:
        return list(report.entries)
    return [e for e in report.entries if e.is_problem]


def age(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    seconds = max(0, int((now - moment).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return "just now"


# -- JSON ------------------------------------------------------------------------------------


def entry_record(e: AuditEntry, now: datetime) -> dict[str, Any]:
    t = e.target
    return {
        "paper_id": t.paper_id,
        "paper": clean(t.paper_name),
        "category": t.category,
        "url": t.url,
        "kind": t.kind.value,
        "verdict": e.verdict.value if e.verdict else None,
        "status_code": e.status_code,
        "final_url": clean(e.final_url) or None,
        "checked_at": stamp(e.checked_at) if e.checked_at else None,
        "age_seconds": int((now - e.checked_at).total_seconds()) if e.checked_at else None,
        "source": e.source.value,
        "detail": clean(e.detail),
        "chain": [{"url": clean(h.url), "status": h.status} for h in e.chain],
        "elapsed_ms": e.elapsed_ms,
        "issues": [
            {"code": i.code, "severity": i.severity.value, "message": clean(i.message)}
            for i in e.issues
        ],
        "suggestion": clean(e.suggestion) or None,
        "wayback_url": clean(e.wayback_url) or None,
    }


def to_json(report: AuditReport, *, only_problems: bool = False) -> str:
    """A JSON array, one object per (paper, link) checked; stable keys, see `entry_record`."""
    records = [entry_record(e, report.generated_at) for e in selected(report, only_problems)]
    return json.dumps(records, ensure_ascii=False, indent=2)


# -- Markdown --------------------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def md(text: str | None) -> str:
    return clean(text).translate(_MD_SPECIAL)


def md_link(label: str, url: str) -> str:
    target = clean(url).replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{md(label)}]({target})"


def to_markdown(report: AuditReport, *, only_problems: bool = False) -> str:
    now = report.generated_at
    lines = [
        "# Link audit",
        "",
        f"{report.mode.capitalize()} audit, {stamp(now)}: {len(report.entries)} links, "
        f"{report.broken} broken.",
    ]
    if report.notice:
        lines += ["", f"> {md(report.notice)}"]
    columns = _columns(report)
    lines += ["", "## Summary", "", "| Category | " + " | ".join(columns) + " | total |"]
    lines.append("|---|" + "---:|" * (len(columns) + 1))
    for category, counts in _rows(report):
        cells = " | ".join(str(counts.get(c, 0)) for c in columns)
        lines.append(f"| {md(category)} | {cells} | {sum(counts.values())} |")
    problems = sorted(selected(report, True), key=_rank)
    lines += ["", "## Problems", ""]
    if not problems:
        lines.append("None.")
    else:
        lines += [
            "| Paper | Link | Verdict | Status | Detail | Suggestion |",
            "|---|---|---|---:|---|---|",
        ]
        for e in problems:
            lines.append(_md_row(e, now))
    if not only_problems:
        notes = notes_of(report)
        if notes:
            lines += ["", "## Notes", ""]
            lines += [
                f"- {md(e.target.paper_name)} ({e.target.kind.value}): {md(i.message)}"
                for e, i in notes
            ]
        fine = [e for e in report.entries if not e.is_problem]
        if fine:
            lines += ["", f"{len(fine)} other links are fine or unchecked."]
    lines += ["", EXIT_NOTE, ""]
    return "\n".join(lines)


def _md_row(e: AuditEntry, now: datetime) -> str:
    t = e.target
    detail = "; ".join(x for x in (e.detail, *(i.message for i in _shown_issues(e))) if x)
    if e.source in (Source.LAST_KNOWN, Source.CACHE):
        detail = f"{detail} (checked {age(e.checked_at, now)})".lstrip()
    hints = []
    if e.suggestion:
        hints.append(md_link("suggested", e.suggestion))
    if e.wayback_url:
        hints.append(md_link("archive", e.wayback_url))
    return (
        f"| {md(t.paper_name)} | {md_link(t.kind.value, t.url)} | {_key(e)} | "
        f"{e.status_code or ''} | {md(detail)} | {' · '.join(hints)} |"
    )


# -- Rich ------------------------------------------------------------------------------------


def _columns(report: AuditReport) -> list[str]:
    total = report.counts()
    always = ("ok", "broken") if report.mode == "online" else ("ok", "broken", UNCHECKED)
    return [c for c in COLUMNS if c in always or total.get(c)]


def _rows(report: AuditReport) -> list[tuple[str, Counter[str]]]:
    rows = list(report.by_category().items())
    rows.append(("all", report.counts()))
    return rows


def _rank(e: AuditEntry) -> int:
    return _RANK.get(_key(e), len(_RANK))


def summary_table(report: AuditReport) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    columns = _columns(report)
    # Collapsed padding and full-width headers: all seven verdicts fit in 80 columns, and
    # it is the category names that get shortened, never the verdict headers.
    table = Table(box=None, pad_edge=False, collapse_padding=True, header_style="bold")
    # A wrappable column (so Rich may narrow it) whose cells ellipsize instead of wrapping.
    table.add_column("category", min_width=8, max_width=34)
    for c in columns:
        table.add_column(c, justify="right", style=STYLES.get(c, ""), min_width=len(c))
    table.add_column("total", justify="right", min_width=5)
    rows = _rows(report)
    for i, (category, counts) in enumerate(rows):
        last = i == len(rows) - 1
        table.add_row(
            Text(category, style="bold" if last else "", no_wrap=True, overflow="ellipsis"),
            *(Text(str(counts.get(c, 0) or "·")) for c in columns),
            Text(str(sum(counts.values()))),
            end_section=i == len(rows) - 2,
        )
    return table


def problem_lines(e: AuditEntry, now: datetime) -> RenderableType:
    from rich.text import Text

    t = e.target
    key = _key(e)
    head = Text()
    head.append(f"{key:<13}", style=STYLES.get(key, ""))
    head.append(clean(t.paper_name, 80), style="bold")
    head.append(f" · {t.kind.value}")
    if e.status_code:
        head.append(f" · HTTP {e.status_code}")
    if e.source in (Source.CACHE, Source.LAST_KNOWN):
        head.append(f" · checked {age(e.checked_at, now)}", style="dim")
    lines = [head, Text(f"    {clean(t.url)}")]
    if e.detail:
        lines.append(Text(f"    {clean(e.detail)}", style="dim"))
    for issue in _shown_issues(e):
        lines.append(Text(f"    {issue.severity.value}: {clean(issue.message)}", style="dim"))
    if e.suggestion:
        lines.append(Text(f"    → {clean(e.suggestion)}", style="cyan"))
    if e.wayback_url:
        lines.append(Text(f"    archive: {clean(e.wayback_url)}", style="dim"))
    return Text("\n").join(lines)


def render(console: Console, report: AuditReport, *, only_problems: bool = False) -> None:
    """Summary table by category and verdict, each problem with its fix, then notes; with
    `only_problems`, just the problems."""
    from rich.text import Text

    now = report.generated_at
    if not only_problems:
        what = f"{report.mode} audit of {len(report.entries)} links"
        if report.mode == "online":
            what += f" ({report.checked} URLs checked, {report.reused} reused from the cache)"
        console.print(Text(what, style="bold"))
        console.print(summary_table(report))
        unchecked = sum(1 for e in report.entries if e.verdict is None)
        if unchecked:
            console.print(Text(f"{unchecked} links were never checked online.", style="dim"))
    problems = sorted(selected(report, True), key=_rank)
    if problems:
        if not only_problems:
            console.print()
            console.print(Text(f"problems ({len(problems)})", style="bold"))
        for e in problems:
            console.print(problem_lines(e, now), soft_wrap=True)
    if only_problems:
        return
    notes = notes_of(report)
    if notes:
        console.print()
        console.print(Text(f"notes ({len(notes)})", style="bold"))
        for e, issue in notes:
            line = (
                f"{clean(e.target.paper_name, 80)} · {e.target.kind.value}: {clean(issue.message)}"
            )
            console.print(Text(line, style="dim"), soft_wrap=True)
    console.print()
    tail = f"{report.broken} broken." if report.broken else "No broken links."
    console.print(Text(f"{tail} {EXIT_NOTE}", style="dim" if not report.broken else ""))
