"""Pause Python's cyclic garbage collector around bulk work.

Parsing or importing 100,000 papers allocates millions of small objects that are never cyclic
garbage; with them alive, each full collection walks every one of them. Pausing the collector
cut a 100k-entry parse roughly in half and the import's write phase by ~15%.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
