"""Fuzzed input (issue 5), with hypothesis.

1. Random and mutated YAML catalogs, Markdown lists and JSON backups go through
   `tracker import`: the command ends with exit 0, or a one-line error (exit 1 or 2) and the
   database exactly as it was. Never a traceback, never a partial write.
2. Random text (Markdown specials, Rich markup, unicode) in notes and names goes through
   export json -> import into a fresh database, and export md -> import: restored exactly.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tracker.catalog import yaml_catalog
from tracker.catalog.model import CatalogError
from tracker.services import progress
from tracker.services.store_access import open_store
from tracker.store.papers import list_papers

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
ROUND_TRIP = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

CATEGORIES = ["Image Classification", "Object Detection", "Odd | *Category* [x]"]
# Pieces that tend to break parsers: YAML syntax and tags, Markdown, Rich markup, unicode.
NASTY = [
    ":", "- ", "  ", "\t", "\n", "#", "&a ", "*a", "!!python/object:os.system", "!!binary",
    "{", "}", "[", "]", "'", '"', "%YAML 1.1\n", "---\n", "...\n", "2020-13-45", "!!int x",
    "!!float", "? ", "|", ">", "<<: *a", "null", "~", "0x1F", "1e400", "yes", "\\", "`",
    "[bold]", "[/]", "[link=https://x.org]", "**", "__", "<!-- id: x -->", "](", "](http://",
    "https://", "javascript:alert(1)", "\x00", "\x1b[31m", "\u202e", "é", "漢字", "🙂",
    "\ufeff", "\u2028", "&#183;", "·", "- [ ] ", "- [x] ", "## ", "> ",
]  # fmt: skip

# Text a user may legitimately put in a note: anything but control characters (newline and
# tab allowed), lone surrogates and bidi overrides, which notes reject by design.
BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
NOTE_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="".join(BIDI)
) | st.sampled_from(["\n", "\t", "[", "]", "|", "*", "_", "`", "#", "<", ">", "\\", "&", "·"])
notes_text = st.text(NOTE_CHARS, max_size=120)
NAME_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="".join(BIDI)
) | st.sampled_from(["[", "]", "|", "*", "_", "`", "#", "<", ">", "\\", "&", "·"])
MARKUP = ["[bold]", "[/]", "[link=https://x.org]", "**", "](", "<!-- id: x -->", "&amp;"]
names_text = (
    st.lists(st.text(NAME_CHARS, min_size=1, max_size=12) | st.sampled_from(MARKUP), max_size=5)
    .map("".join)
    .map(str.strip)
    .filter(bool)
)


# -- helpers -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A seeded database, copied for each example (seeding each time would be slow)."""
    path = tmp_path_factory.mktemp("template") / "tracker.db"
    open_store(path).dispose()
    yield path


def fresh(template: Path, folder: Path, name: str = "tracker.db") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(folder / "backups", ignore_errors=True)
    shutil.copyfile(template, target)
    return target


def snapshot(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def run_import(db: Path, source: Path) -> Any:
    from tracker.cli.app import app

    result = CliRunner().invoke(app, ["--db", str(db), "import", str(source)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback would reach the user
    return result


def check_import(db: Path, source: Path, data: bytes) -> None:
    source.write_bytes(data)
    before = snapshot(db)
    result = run_import(db, source)
    assert result.exit_code in {0, 1, 2}, result.stderr
    assert "Traceback" not in result.stderr
    if result.exit_code != 0:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("tracker: error: "), result.stderr
        assert "\x1b" not in result.stderr
        assert snapshot(db) == before  # nothing written


@st.composite
def mutated(draw: st.DrawFn, text: str) -> bytes:
    """`text` with a few random edits: splice nasty pieces, delete, duplicate or swap lines."""
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["insert", "delete", "dup_line", "swap_lines", "truncate"]))
        if not text:
            break
        at = draw(st.integers(0, len(text)))
        if op == "insert":
            text = text[:at] + draw(st.sampled_from(NASTY)) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        elif op == "truncate":
            text = text[:at]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if op == "dup_line":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()) and draw(st.booleans()):
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=4)) + raw[at:]
    return raw


@st.composite
def catalog_doc(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(0, 6))
    papers = []
    for i in range(n):
        paper: dict[str, Any] = {
            "id": draw(st.sampled_from(["lenet", f"fuzz-{i}", f"fuzz-{i}-b", "resnet"])),
            "name": draw(names_text),
            "category": draw(st.sampled_from(CATEGORIES)),
            "review_url": draw(
                st.sampled_from(
                    [f"https://fuzz.example.org/r/{i}", "https://fuzz.example.org/r/same"]
                )
            ),
        }
        if draw(st.booleans()):
            paper["aliases"] = draw(st.lists(names_text, max_size=2))
        if draw(st.booleans()):
            paper["year"] = draw(st.integers(1700, 2100))
        if draw(st.booleans()):
            paper["title"] = draw(names_text)
        papers.append(paper)
    return {"categories": CATEGORIES, "papers": papers}


# -- 1. never a traceback, never a partial write ---------------------------------------------


@FUZZ
@given(doc=catalog_doc(), data=st.data())
def test_fuzzed_yaml_catalogs(template: Path, tmp_path: Path, doc: Any, data: Any) -> None:
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    db = fresh(template, tmp_path / "yaml")
    check_import(db, tmp_path / "catalog.yaml", data.draw(mutated(text)))


@FUZZ
@given(data=st.data())
def test_fuzzed_markdown_lists(template: Path, tmp_path: Path, data: Any) -> None:
    lines = ["# My list", ""]
    for i in range(data.draw(st.integers(0, 6))):
        if data.draw(st.booleans()):
            lines += ["", f"## {data.draw(names_text)}", ""]
        name = data.draw(names_text).replace("\n", " ")
        url = data.draw(st.sampled_from([f"https://md.example.org/{i}", "ftp://x", "/rel"]))
        lines.append(f"- [{name}]({url}) - {data.draw(names_text)}")
    db = fresh(template, tmp_path / "md")
    check_import(db, tmp_path / "list.md", data.draw(mutated("\n".join(lines))))


@FUZZ
@given(doc=catalog_doc(), data=st.data())
def test_fuzzed_json_backups(template: Path, tmp_path: Path, doc: Any, data: Any) -> None:
    papers = []
    for paper in doc["papers"]:
        paper = dict(paper)
        paper["status"] = data.draw(st.sampled_from(["unread", "reading", "reviewed", "done"]))
        paper["rating"] = data.draw(st.sampled_from([None, 1, 5, 9, "3", True]))
        paper["notes"] = data.draw(notes_text)
        paper["finished_at"] = data.draw(
            st.sampled_from([None, "2026-01-01T10:00:00.000000Z", "yesterday", 5])
        )
        papers.append(paper)
    history = [
        {
            "paper_id": data.draw(st.sampled_from([p["id"] for p in papers] + ["ghost"])),
            "field": "status",
            "old": "unread",
            "new": "reviewed",
            "at": data.draw(st.sampled_from(["2026-01-01T10:00:00Z", "not a time"])),
            "batch": "b1",
            "source": "cli",
        }
        for _ in range(data.draw(st.integers(0, 2)))
        if papers
    ]
    backup = {
        "format": "tracker-backup",
        "version": data.draw(st.sampled_from([1, 1, 1, 2, "1"])),
        "categories": doc["categories"],
        "papers": papers,
        "history": history,
    }
    text = json.dumps(backup, ensure_ascii=data.draw(st.booleans()), indent=1)
    db = fresh(template, tmp_path / "json")
    check_import(db, tmp_path / "backup.json", data.draw(mutated(text)))


@FUZZ
@given(
    raw=st.binary(max_size=400)
    | st.lists(st.sampled_from(NASTY), max_size=30).map(lambda p: "".join(p).encode())
)
def test_random_bytes_with_any_suffix(template: Path, tmp_path: Path, raw: bytes) -> None:
    db = fresh(template, tmp_path / "raw")
    for suffix in (".yaml", ".md", ".json", ".txt"):
        check_import(db, tmp_path / f"random{suffix}", raw)


@settings(max_examples=60, deadline=None)
@given(doc=catalog_doc(), data=st.data())
def test_big_yaml_loads_the_same_in_pieces(doc: Any, data: Any) -> None:
    """The piecewise fast path of the YAML loader (used for big files) agrees with loading
    the whole document: same objects, or both fail."""
    text = data.draw(mutated(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)))
    try:
        text = text.decode("utf-8")
    except UnicodeDecodeError:
        return
    whole: Any
    try:
        whole = yaml.load(text, Loader=yaml_catalog.SafeLoader)
    except Exception:
        whole = "error"
    pieced = yaml_catalog._load_in_pieces(text, piece_items=1)  # one entry per piece
    if pieced is not None:  # None: not cut, the whole document is loaded instead
        assert pieced == whole
    try:
        via_api = yaml_catalog.load_document(text, "fuzz.yaml")
    except CatalogError:
        via_api = "error"
    assert via_api == whole or (via_api == "error" and whole == "error")


# -- 2. round trips --------------------------------------------------------------------------


def _fill(db_path: Path, tmp_path: Path, names: list[str], notes: list[str], data: Any) -> None:
    """Add papers with random names, and random progress on some of them."""
    papers = [
        {
            "id": f"fuzz-{i}",
            "name": name,
            "category": CATEGORIES[i % len(CATEGORIES)],
            "review_url": f"https://fuzz.example.org/review/{i}",
            "aliases": [f"{name} alias"] if i % 2 else [],
        }
        for i, name in enumerate(names)
    ]
    source = tmp_path / "names.yaml"
    source.write_text(
        yaml.safe_dump({"categories": CATEGORIES, "papers": papers}, allow_unicode=True),
        encoding="utf-8",
    )
    assert run_import(db_path, source).exit_code == 0
    db = open_store(db_path)
    try:
        ids = [p["id"] for p in papers] + ["lenet", "resnet"]
        for pid, note in zip(ids, notes, strict=False):
            progress.update(
                db,
                [pid],
                notes=note,
                status=data.draw(st.sampled_from(["unread", "reading", "reviewed", "skipped"])),
                rating=data.draw(st.sampled_from([None, 1, 3, 5])),
            )
    finally:
        db.dispose()


def _state(db_path: Path) -> dict[str, tuple[Any, ...]]:
    db = open_store(db_path, seed=False)
    try:
        with db.read() as conn:
            return {
                p.id: (p.name, p.category, p.aliases, p.status, p.rating, p.notes)
                for p in list_papers(conn)
            }
    finally:
        db.dispose()


def _export(db_path: Path, fmt: str) -> str:
    from tracker.cli.app import app

    result = CliRunner().invoke(app, ["--db", str(db_path), "export", fmt])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@ROUND_TRIP
@given(
    names=st.lists(names_text, min_size=1, max_size=3, unique=True),
    notes=st.lists(notes_text, min_size=1, max_size=4),
    data=st.data(),
)
def test_json_backup_round_trip_is_exact(
    template: Path, tmp_path: Path, names: list[str], notes: list[str], data: Any
) -> None:
    src = fresh(template, tmp_path / "src")
    _fill(src, tmp_path, names, notes, data)
    backup = tmp_path / "backup.json"
    backup.write_text(_export(src, "json"), encoding="utf-8")
    dst = fresh(template, tmp_path / "dst")
    result = run_import(dst, backup)
    assert result.exit_code == 0, result.stderr
    assert _state(dst) == _state(src)


@ROUND_TRIP
@given(
    names=st.lists(names_text, min_size=1, max_size=3, unique=True),
    notes=st.lists(notes_text, min_size=1, max_size=4),
    data=st.data(),
)
def test_markdown_export_round_trip_is_exact(
    template: Path, tmp_path: Path, names: list[str], notes: list[str], data: Any
) -> None:
    src = fresh(template, tmp_path / "src")
    _fill(src, tmp_path, names, notes, data)
    exported = tmp_path / "export.md"
    exported.write_text(_export(src, "md"), encoding="utf-8")
    dst = fresh(template, tmp_path / "dst")
    result = run_import(dst, exported)
    assert result.exit_code == 0, result.stderr
    want, got = _state(src), _state(dst)
    assert set(got) == set(want)
    for pid, (name, category, _aliases, status, rating, note) in want.items():
        # A Markdown export carries names, categories and progress (not aliases).
        assert got[pid][:2] == (name, category), pid
        assert got[pid][3:] == (status, rating, note), pid


@pytest.mark.parametrize(
    "body",
    [
        "year: 2020-13-45",  # PyYAML raises ValueError building this timestamp
        "year: !!int abc",
        "year: !!float x",
        "year: !!timestamp nope",
        "name: &a [x]\n    aliases: *a",
        "name: !!python/object:os.system x",
        "name: !!binary '@@@'",
        "year: !!float",  # IndexError inside PyYAML
    ],
)
def test_known_nasty_yaml_values(template: Path, tmp_path: Path, body: str) -> None:
    text = (
        "categories: [A]\npapers:\n  - id: x\n    category: A\n"
        "    review_url: https://x.example.org/\n    " + body + "\n"
    )
    db = fresh(template, tmp_path / "nasty")
    source = tmp_path / "nasty.yaml"
    check_import(db, source, text.encode())
    assert run_import(db, source).exit_code != 0


PIECE_LAYOUTS = {
    "indented": "categories: [A]\npapers:\n  - id: a\n    name: A\n  - id: b\n    name: B\n",
    "zero indent": "papers:\n- id: a\n  name: A\n-   id: b\n    name: B\ncategories: [A]\n",
    "comments and blanks": (
        "# top\ncategories: [A]\npapers:  # the list\n\n  # first\n  - id: a\n"
        "# odd comment\n    name: A\n\n  - id: b\n    name: B\n# end\n"
    ),
    "crlf": "categories: [A]\r\npapers:\r\n  - id: a\r\n    name: A\r\n  - id: b\r\n",
    "block scalars": (
        "categories: [A]\npapers:\n  - id: a\n    title: |\n      - not an entry\n"
        "      two\n    name: >-\n      folded\n      text\n  - id: b\n"
    ),
    "multi-line quoted": (
        'categories: [A]\npapers:\n  - id: a\n    title: "one\n  - id: x\n    two"\n  - id: b\n'
    ),
    "flow across lines": "categories: [A]\npapers:\n  - id: a\n    aliases: [x,\n  - y]\n",
    "dash alone": "categories: [A]\npapers:\n  -\n    id: a\n  - id: b\n",
    "nested lists": "categories: [A]\npapers:\n  - - a\n    - b\n  - c\n",
    "document end": "categories: [A]\npapers:\n  - id: a\n...\n",
    "two documents": "categories: [A]\npapers:\n  - id: a\n---\npapers:\n  - id: b\n",
    "anchor across pieces": "categories: [A]\npapers:\n  - &p {id: a}\n  - *p\n",
    "tag directive": "%TAG !e! tag:example.com,2000:\n---\npapers:\n  - !e!x {id: a}\n",
}


# Layouts the fast path must take; for the others it must fall back to the whole document.
CUT = {"indented", "zero indent", "comments and blanks", "crlf", "block scalars", "dash alone"}
CUT |= {"nested lists", "document end"}


@pytest.mark.parametrize("name", PIECE_LAYOUTS)
def test_piecewise_yaml_agrees_with_whole_document(name: str) -> None:
    text = PIECE_LAYOUTS[name]
    try:
        whole: Any = yaml.load(text, Loader=yaml_catalog.SafeLoader)
    except Exception:
        whole = "error"
    pieced = yaml_catalog._load_in_pieces(text, piece_items=1)
    assert (pieced is not None) == (name in CUT)
    if pieced is not None:
        assert pieced == whole
