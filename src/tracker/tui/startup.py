"""Reading the first screenful while Textual is still starting.

`run_tui` calls `preload` before importing Textual, so the few queries behind the first frame
run on a thread while the interpreter imports and sets up the UI; the main screen then paints
papers in its very first frame instead of a "Loading…" one. No Textual here, on purpose.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TypeVar

from tracker.services import browse
from tracker.store.database import Database

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Preload:
    """The first view (rows) and the counts, each ready as soon as it has been read."""

    first_screen: Future[browse.FirstScreen] = field(default_factory=Future)
    overview: Future[browse.Overview] = field(default_factory=Future)


def preload(db: Database) -> Preload:
    loading = Preload()

    def run() -> None:
        _fill(loading.first_screen, lambda: browse.first_screen(db))
        _fill(loading.overview, lambda: browse.overview(db))

    threading.Thread(target=run, name="tracker-preload", daemon=True).start()
    return loading


def _fill(future: Future[T], read: Callable[[], T]) -> None:
    # Errors are handed over, not raised here: the screen's worker re-raises them, and its
    # one error handler shows them.
    try:
        future.set_result(read())
    except BaseException as exc:
        future.set_exception(exc)
