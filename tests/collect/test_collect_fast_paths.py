"""The loader's fast paths give exactly what the plain ones give: orjson parsing, 'Z' times, store and kind."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from warehouse.collect.envelopes import has_long_numbers, loads
from warehouse.collect.flatten import kind_of, store
from warehouse.collect.timestamps import _DATETIME_SHAPE, parse_timestamp

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats() | st.text()
    | st.integers(min_value=-(2**70), max_value=2**70) | st.sampled_from([2**63, -(2**63) - 1, 2**64, 10**19]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


def same(a: Any, b: Any) -> bool:
    """Say whether two parsed values are equal in value, type and key order (NaN equals NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def outcome(parse: Any, text: str) -> tuple[str, Any]:
    try:
        return "value", parse(text)
    except json.JSONDecodeError as exc:
        return "error", (exc.msg, exc.lineno, exc.colno)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES, st.booleans())
@example({"messageId": 12345678901234567890123, "n": float("nan")}, False)
@example({"userId": -(2**63) - 1}, False)
def test_loads_gives_what_json_loads_gives(value: Any, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    kind, parsed = outcome(loads, text)
    assert kind == "value" and same(parsed, json.loads(text)), text
    if not has_long_numbers(text.encode("utf-8", "surrogatepass")):
        assert same(loads(text, short_numbers=True), json.loads(text)), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='{}[]":,0123456789.eE+-truefalsnNaI \\u"\ud800x', max_size=30))
@example('{"a": 1')
@example('{"a": "\\ud800"}')
@example('{"a": 1} x')
def test_loads_refuses_what_json_loads_refuses_with_the_same_message(text: str) -> None:
    fast, plain = outcome(loads, text), outcome(json.loads, text)
    assert fast[0] == plain[0], text
    assert (fast[1] == plain[1]) if fast[0] == "error" else same(fast[1], plain[1]), text


def reference_parse_timestamp(value: object) -> datetime | None:
    """The parser before the 'Z' fast path: shape check, fromisoformat, then to naive UTC."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and _DATETIME_SHAPE.match(value):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo is not None else parsed


TIME_TEXT = st.builds(
    "".join,
    st.lists(st.sampled_from(["2024-05-01", "T", " ", "10:00", ":30", ".250", ".1234567", "Z", "+02:00",
                              "-0130", "+00:00", "x", "20240501", "2024-W18-3", "24", "", "Z"]), max_size=6),
)


@settings(max_examples=500, deadline=None)
@given(TIME_TEXT | st.text(max_size=30))
@example("2024-05-01T10:00:00.000Z")
@example("2024-05-01T10:00:00+01:00Z")
@example("2024-05-01Z")
@example("2024-05-01T10:00Z")
def test_z_times_parse_as_before(text: str) -> None:
    assert parse_timestamp(text) == reference_parse_timestamp(text)


@pytest.mark.parametrize("value", [3, -3, 2**63, -(2**63), 2.5, True, False, "text", "2024-05-01T10:00:00Z",
                                   "2024-05-01", [1, "a"], {"a": 1}, datetime(2024, 5, 1)])
def test_store_and_kind_of_type_values_as_infer_did(value: Any) -> None:
    stored = store(value)
    expected_kind = {bool: "boolean", int: "int", float: "float", datetime: "datetime", str: "string"}
    assert kind_of(stored) == expected_kind[type(stored)]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
        assert stored == float(value) and kind_of(stored) == "float"
    if isinstance(value, list | dict | datetime):
        assert kind_of(stored) == "string"  # as text: a JSON list or object, or a datetime handed in a dict
