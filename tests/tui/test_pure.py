"""Pure helpers of the TUI: text formatting, column layout, tab labels, key bar, config."""

from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len

from tracker.domain import CategoryProgress
from tracker.tui import config, text
from tracker.tui.widgets.category_tabs import Tab, tab_labels
from tracker.tui.widgets.columns import MIN_NAME, layout
from tracker.tui.widgets.key_bar import ENTRIES, Entry, entry_keys, fit_entries

from .helpers import NOW


def test_shown_makes_control_characters_visible() -> None:
    assert text.shown("a\x1b[31mb") == "a\\x1b[31mb"
    assert text.shown("[bold]x[/]") == "[bold]x[/]"
    assert text.shown("rtl\u202eevil") == "rtl\\u202eevil"
    assert text.shown(None) == ""
    assert text.shown_notes("line\n\tok\x07") == "line\n\tok\\x07"


def test_fit_pads_and_cuts_by_cells() -> None:
    assert text.fit("abc", 5) == "abc  "
    assert text.fit("abcdef", 4) == "abc…"
    assert cell_len(text.fit("残差网络残差网络", 5)) == 5
    assert text.fit("x", 0) == ""


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(seconds=5), "just now"),
        (timedelta(minutes=5), "5m ago"),
        (timedelta(hours=3), "3h ago"),
        (timedelta(days=9), "9d ago"),
        (timedelta(days=30), "4w ago"),
        (timedelta(days=400), "2025-01-28"),
    ],
)
def test_ago(delta: timedelta, expected: str) -> None:
    assert text.ago(NOW - delta) == expected


def test_bars_and_sparklines() -> None:
    assert text.bar(0.5, 4) == "██  "
    assert text.bar(1.5, 3) == "███"
    assert text.bar(0.0, 3) == "   "
    assert text.spark([0, 0]) == "▁▁"
    assert text.spark([0, 4, 8]) == "▁▄█"
    assert text.column_chart([0, 8], 2, bar_width=1) == ["  █", "  █"]
    assert text.column_chart([4, 8], 1, bar_width=1) == ["▄ █"]


def test_columns_fit_the_width_and_drop_the_least_useful() -> None:
    for width in (30, 60, 78, 100, 200):
        for with_category in (False, True):
            cols = layout(width, with_category=with_category)
            used = 1 + sum(c.width for c in cols) + (len(cols) - 1)
            assert used <= max(width, 1 + MIN_NAME)
            assert [c.key for c in cols][:2] == ["status", "name"]
    assert [c.key for c in layout(78, with_category=False)] == [
        "status", "name", "year", "venue", "rating", "activity",
    ]  # fmt: skip
    assert "category" not in [c.key for c in layout(60, with_category=True)]
    assert "category" in [c.key for c in layout(120, with_category=True)]


def _tab(name: str | None, reviewed: int, total: int) -> Tab:
    return Tab(name, CategoryProgress(name or "All", total, reviewed, 0, 0))


def test_tab_labels_shorten_inactive_names_first() -> None:
    tabs = [_tab("Image Classification", 7, 25), _tab("Object Detection", 1, 9), _tab(None, 8, 34)]
    assert tab_labels(tabs, 0, 200) == [
        " Image Classification 7/25 ", " Object Detection 1/9 ", " All 8/34 ",
    ]  # fmt: skip
    narrow = tab_labels(tabs, 1, 45)
    assert narrow[1] == " Object Detection 1/9 "
    assert "…" in narrow[0]
    assert sum(cell_len(label) for label in narrow) <= 45


def test_key_bar_keeps_help_and_quit() -> None:
    keys = {e.ids[0]: ["x"] for e in ENTRIES}
    keys.update({f"rate_{n}": [str(n)] for n in range(1, 6)})
    keys.update({"cursor_down": ["↓", "j"], "cursor_up": ["↑", "k"]})
    items = [(e, k) for e in ENTRIES if (k := entry_keys(e, keys)) is not None]
    assert ("1-5", "rate") in [(k, e.label) for e, k in items]
    assert ("j/k", "move") in [(k, e.label) for e, k in items]
    narrow = fit_entries(items, 30)
    assert {e.label for e, _ in narrow} >= {"help", "quit"}
    assert entry_keys(Entry(("missing",), "x", 1), keys) is None


def test_config_load(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert config.load(path) == config.TuiConfig(path)
    path.write_text('theme = "nord"\n[keymap]\nmark_reviewed = "D"\nbad = 3\n')
    loaded = config.load(path)
    assert loaded.theme == "nord"
    assert loaded.keymap == {"mark_reviewed": "D"}
    assert any("keymap.bad" in p for p in loaded.problems)
    path.write_text("theme = \n")
    assert "not valid TOML" in config.load(path).problems[0]


def test_save_theme_edits_one_line_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    config.save_theme(path, "nord")
    assert tomllib.loads(path.read_text()) == {"theme": "nord"}
    path.write_text('# mine\n\n[keymap]\nquit = "Q"  # keep\n')
    config.save_theme(path, "gruvbox")
    assert path.read_text().endswith('# mine\n\n[keymap]\nquit = "Q"  # keep\n')
    assert tomllib.loads(path.read_text())["theme"] == "gruvbox"
    config.save_theme(path, 'tricky"\\name')
    doc = tomllib.loads(path.read_text())
    assert doc["theme"] == 'tricky"\\name'
    assert doc["keymap"] == {"quit": "Q"}
    assert path.read_text().count("theme =") == 1


def test_save_theme_never_touches_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("this is = = not toml")
    with pytest.raises(tomllib.TOMLDecodeError):
        config.save_theme(path, "nord")
    assert path.read_text() == "this is = = not toml"
