"""TUI settings in tracker's config file (TOML, in the platformdirs config dir or
`$TRACKER_CONFIG`)::

    theme = "textual-light"        # remembered when you pick a theme from ctrl+p

    [keymap]                       # binding id = key(s), comma-separated
    mark_reviewed = "D"
    cursor_down = "down,j,ctrl+n"

Reading uses `tomllib`. The only write is the `theme` line, done by editing that one line in
place (or adding it at the top), so comments and everything else in a hand-edited file
survive, and no TOML writer dependency is needed. A file that does not parse is never written.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tracker.atomic import write_text_atomically

_THEME_LINE = re.compile(r"^theme\s*=.*$", re.MULTILINE)
_TABLE_HEADER = re.compile(r"^\s*\[", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class TuiConfig:
    path: Path | None = None
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    # Human-readable complaints about the file; shown once as a warning, never fatal.
    problems: tuple[str, ...] = ()


def load(path: Path) -> TuiConfig:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return TuiConfig(path)
    except (OSError, UnicodeDecodeError) as exc:
        return TuiConfig(path, problems=(f"cannot read {path}: {exc}",))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return TuiConfig(path, problems=(f"{path} is not valid TOML ({exc}); using defaults",))
    problems: list[str] = []
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        problems.append(f"{path}: theme must be a string")
        theme = None
    raw_keymap = data.get("keymap", {})
    keymap: dict[str, str] = {}
    if not isinstance(raw_keymap, dict):
        problems.append(f'{path}: [keymap] must be a table of binding id = "keys"')
    else:
        for binding_id, keys in raw_keymap.items():
            if isinstance(keys, str) and keys.strip():
                keymap[binding_id] = keys.replace(" ", "")
            else:
                problems.append(f"{path}: keymap.{binding_id} must be a non-empty string")
    return TuiConfig(path, theme, keymap, tuple(problems))


def with_theme(text: str, theme: str) -> str:
    """`text` (a TOML document) with its top-level `theme` set to `theme`."""
    line = f"theme = {_toml_string(theme)}"
    header = _TABLE_HEADER.search(text)
    top_end = header.start() if header else len(text)
    top, rest = text[:top_end], text[top_end:]
    if _THEME_LINE.search(top):
        top = _THEME_LINE.sub(lambda _: line, top, count=1)
    else:
        top = line + "\n" + (top if top.strip() else "\n" if rest else "")
    return top + rest


def save_theme(path: Path, theme: str) -> None:
    """Remember `theme`; refuses (ValueError) to touch a file that is not valid TOML."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    if text:
        tomllib.loads(text)  # raises on a broken file: better no memory than a clobbered file
    new = with_theme(text, theme)
    if tomllib.loads(new).get("theme") != theme:  # pragma: no cover - defensive
        raise ValueError(f"could not record the theme in {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(path, new)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped)
    return f'"{escaped}"'
