"""Edit text in the user's $VISUAL / $EDITOR, like `git commit` does."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from tracker.errors import TrackerError


class EditorError(TrackerError):
    pass


def edit_text(initial: str, *, suffix: str = ".md") -> str | None:
    """Returns the edited text, or None when the file was left unchanged."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="tracker-notes-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(initial)
        before = path.stat().st_mtime_ns
        try:
            code = subprocess.call([*shlex.split(command), str(path)])
        except OSError as exc:
            raise EditorError(f"cannot start editor '{command}': {exc.strerror}") from None
        if code != 0:
            raise EditorError(f"editor '{command}' exited with status {code}; notes unchanged")
        text = path.read_text(encoding="utf-8")
        if path.stat().st_mtime_ns == before and text == initial:
            return None
        return text
    finally:
        path.unlink(missing_ok=True)
