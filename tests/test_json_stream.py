"""Streamed JSON must be byte-identical to json.dumps(indent=2)."""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tracker.services.json_stream import write_array, write_object

scalars = st.none() | st.booleans() | st.integers() | st.text()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
)


@given(st.lists(values, max_size=5))
def test_array_matches_json_dumps(records: list[Any]) -> None:
    out = io.StringIO()
    write_array(out, records)
    assert out.getvalue() == json.dumps(records, ensure_ascii=False, indent=2)


@given(st.lists(values, max_size=4), st.lists(values, max_size=4), values)
def test_object_matches_json_dumps(a: list[Any], b: list[Any], other: Any) -> None:
    out = io.StringIO()
    write_object(out, [("x", other), ("a", a), ("b", b)], arrays={"a", "b"})
    expected = json.dumps({"x": other, "a": a, "b": b}, ensure_ascii=False, indent=2) + "\n"
    assert out.getvalue() == expected
