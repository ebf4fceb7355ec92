"""Bad catalog input: one clear line naming file, line and field; never a traceback; the
database untouched."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Cli, snapshot_db

GOOD_HEAD = "categories: [Vision]\npapers:\n"


def paper(pid: str = "p1", **fields: str) -> str:
    base = {
        "id": pid,
        "name": "Paper One",
        "category": "Vision",
        "review_url": f"https://example.org/{pid}",
    }
    base.update(fields)
    lines = [f"  - id: {base.pop('id')}"] + [f"    {k}: {v}" for k, v in base.items()]
    return "\n".join(lines) + "\n"


CASES: list[tuple[str, str | bytes, str]] = [
    ("malformed.yaml", "categories: [Vision\npapers: [\n", "malformed YAML"),
    ("types.yaml", GOOD_HEAD + paper(year="'1998'"), "year must be a whole number"),
    ("types2.yaml", GOOD_HEAD + paper(name="[1, 2]"), "name must be a string"),
    ("dup-id.yaml", GOOD_HEAD + paper() + paper().replace("/p1", "/p9"), "duplicate id 'p1'"),
    (
        "dup-url.yaml",
        GOOD_HEAD + paper("p1") + paper("p2").replace("/p2", "/p1"),
        "duplicate review_url",
    ),
    ("cat.yaml", GOOD_HEAD + paper(category="Audio"), "unknown category 'Audio'"),
    ("js.yaml", GOOD_HEAD + paper(review_url="'javascript:alert(1)'"), "scheme 'javascript'"),
    ("file.yaml", GOOD_HEAD + paper(review_url="file:///etc/passwd"), "scheme 'file'"),
    ("rel.yaml", GOOD_HEAD + paper(review_url="/reviews/p1"), "relative"),
    ("latin1.yaml", (GOOD_HEAD + paper(name="Caf\xe9")).encode("latin-1"), "not UTF-8"),
    ("empty.yaml", "", "file is empty"),
    ("blank.yaml", "  \n\n", "file is empty"),
    ("unknown-key.yaml", GOOD_HEAD + paper(colour="red"), "unknown field 'colour'"),
    ("year.yaml", GOOD_HEAD + paper(year="3021"), "out of range"),
    ("ansi.yaml", GOOD_HEAD + paper(name='"Evil \\e[31mred\\e[0m"'), "control characters"),
    ("osc.yaml", GOOD_HEAD + paper(name='"x\\e]8;;http://evil\\e\\\\y"'), "control characters"),
    ("c1.yaml", GOOD_HEAD + paper(name='"csi \\x9b31m"'), "control characters"),
    ("raw-esc.yaml", GOOD_HEAD + paper(name="bad\x1b[2Jname"), "malformed YAML"),
    ("top.yaml", "- just\n- a list\n", "must be a mapping"),
    ("id.yaml", GOOD_HEAD + paper(pid="Bad Id!"), "id must be a slug"),
]


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_catalog_is_one_clear_line_and_writes_nothing(
    cli: Cli,
    db_path: Path,
    write_file: Callable[[str, str | bytes], Path],
    name: str,
    content: str | bytes,
    expected: str,
) -> None:
    assert cli("list").code == 0  # seed first, so "unchanged" is meaningful
    before = snapshot_db(db_path)
    path = write_file(name, content)
    result = cli("import", str(path))
    assert result.code != 0
    err = result.err.strip()
    assert "\n" not in err, err
    assert "Traceback" not in err
    assert str(path) in err
    assert expected in err
    assert "\x1b" not in err and "\x9b" not in err
    assert snapshot_db(db_path) == before


def test_error_names_the_line(cli: Cli, write_file: Callable[[str, str], Path]) -> None:
    path = write_file("c.yaml", GOOD_HEAD + paper("p1") + paper("p2", category="Nope"))
    err = cli("import", str(path)).err
    # the second paper's category sits on line 9
    assert f"{path}:9:" in err


def test_alias_bomb_is_refused_quickly(cli: Cli, write_file: Callable[[str, str], Path]) -> None:
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(ord("b"), ord("k")):
        prev = chr(i - 1)
        bomb.append(f"{chr(i)}: &{chr(i)} [{','.join(['*' + prev] * 9)}]")
    text = "\n".join(bomb) + "\ncategories: [Vision]\npapers: *j\n"
    path = write_file("bomb.yaml", text)
    start = time.perf_counter()
    result = cli("import", str(path))
    assert time.perf_counter() - start < 5
    assert result.code != 0
    assert "aliases" in result.err or "unknown top-level key" in result.err


def test_fifty_megabytes_of_garbage(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    import random

    cli("list")
    before = snapshot_db(db_path)
    rng = random.Random(7)
    path = tmp_path / "garbage.yaml"
    path.write_bytes(rng.randbytes(50 * 1024 * 1024))
    start = time.perf_counter()
    result = cli("import", str(path))
    assert time.perf_counter() - start < 30
    assert result.code != 0
    assert "not UTF-8" in result.err
    assert snapshot_db(db_path) == before


def test_missing_file(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", str(tmp_path / "nope.yaml"))
    assert result.code == 1
    assert "no such file" in result.err
