"""Write big JSON arrays one record at a time, byte-identical to `json.dumps(..., indent=2)`.

`json.dumps` with `indent` uses the pure-Python encoder and holds the whole document as one
string: at 100,000 papers that is ~300 MB more peak memory than encoding record by record.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO


def write_array(out: TextIO, records: Iterable[Any], *, level: int = 0) -> None:
    """Write `records` as an indented JSON array nested `level` deep (no trailing newline)."""
    pad = "  " * (level + 1)
    first = True
    out.write("[")
    for record in records:
        # JSON strings never hold raw newlines, so re-indenting line starts is safe.
        body = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)
        out.write(("\n" if first else ",\n") + pad + body)
        first = False
    out.write("]" if first else "\n" + "  " * level + "]")


def write_object(out: TextIO, fields: Iterable[tuple[str, Any]], *, arrays: set[str]) -> None:
    """Write a top-level object; the values of keys in `arrays` are streamed with
    `write_array`."""
    out.write("{")
    first = True
    for key, value in fields:
        out.write(("\n" if first else ",\n") + "  " + json.dumps(key) + ": ")
        if key in arrays:
            write_array(out, value, level=1)
        else:
            out.write(json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  "))
        first = False
    out.write("\n}\n")
