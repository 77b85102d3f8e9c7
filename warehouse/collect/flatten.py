"""Column names and types as RudderStack's warehouse destination makes them: snake_case, nested objects
flattened with `_`, values typed int, float, boolean, datetime or string."""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal

from warehouse.collect.timestamps import parse_timestamp

ColumnType = Literal["int", "float", "boolean", "datetime", "string"]

SQL_TYPES: dict[ColumnType, str] = {
    "int": "BIGINT",
    "float": "DOUBLE",
    "boolean": "BOOLEAN",
    "datetime": "TIMESTAMP",
    "string": "VARCHAR",
}

_INT64 = 2**63

_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_ACRONYM = re.compile(r"([A-Z]+)([A-Z][a-z])")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)
def snake_case(name: str) -> str:
    """Return the warehouse column or table name for a payload key.

    >>> snake_case("planName"), snake_case("Compare Plans"), snake_case("OSVersion"), snake_case("2fa")
    ('plan_name', 'compare_plans', 'os_version', '_2fa')
    """
    spaced = _CAMEL.sub(r"\1_\2", _ACRONYM.sub(r"\1_\2", name))
    snake = _NOT_WORD.sub("_", spaced.lower()).strip("_")
    return f"_{snake}" if snake[:1].isdigit() else snake


# Caches shared by every load, as plain dicts read with one `get` each in the hot loop (an lru_cache call
# with a tuple key costs several times more). Each is emptied when it reaches _CACHE_LIMIT, so keys or
# values that never repeat (ids, times) cannot grow it without bound.
_CACHE_LIMIT = 65_536
_NAMES: dict[str, dict[Any, str]] = {}  # prefix -> payload key -> column
_TEXTS: dict[str, str | datetime] = {}  # payload text -> its stored value (the text, or a datetime)


def _names(prefix: str) -> dict[Any, str]:
    names = _NAMES.get(prefix)
    if names is None or len(names) >= _CACHE_LIMIT:
        if len(_NAMES) >= _CACHE_LIMIT:
            _NAMES.clear()
        names = _NAMES[prefix] = {}
    return names


def flatten_into(out: dict[str, Any], obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Write nested objects into `out` as snake_case columns with stored values; null values make no column.

    Writing straight into the row (no dict per nesting level) is the loader's hot path; a later key that
    maps to the same column overwrites the value and keeps the column's place, as a dict update does.

    >>> flatten_into({}, {"library": {"name": "web"}, "os": None, "n": [1]}, "context")
    {'context_library_name': 'web', 'context_n': '[1]'}
    """
    names = _NAMES.get(prefix)
    if names is None or len(names) >= _CACHE_LIMIT:
        names = _names(prefix)
    for key, value in obj.items():
        if value is None:
            continue
        column = names.get(key)
        if column is None:
            column = names[key] = _column(prefix, key)
        if not column:
            continue
        if type(value) is str:  # most values: look the text up here rather than call `store`
            stored = _TEXTS.get(value)
            out[column] = stored if stored is not None else _infer_text(value)
        elif isinstance(value, dict):
            flatten_into(out, value, column)
        else:
            out[column] = store(value)
    return out


def column_name(prefix: str, key: object) -> str:
    """Return the column of a payload key under a prefix ("" at the top level)."""
    names = _names(prefix)
    column = names.get(key)
    if column is None:
        column = names[key] = _column(prefix, key)
    return column


def _column(prefix: str, key: object) -> str:
    name = snake_case(str(key))
    return f"{prefix}_{name}" if prefix and name else name


def store(value: Any) -> Any:
    """Return a payload value as the column stores it; `kind_of` the result is the column type it asks for.

    >>> store(3), store(2.5), store("2024-05-01T10:00:00Z"), store([1, 2]), store(2**70)
    (3, 2.5, datetime.datetime(2024, 5, 1, 10, 0), '[1,2]', 1.1805916207174113e+21)
    """
    kind = type(value)
    if kind is str:  # the common case first, then exact types, then subclasses
        return _infer_text(value)
    if kind is float or kind is bool:
        return value
    if kind is int:
        return value if -_INT64 < value < _INT64 else float(value)
    if isinstance(value, bool | float):
        return value
    if isinstance(value, int):
        return value if -_INT64 < value < _INT64 else float(value)
    if isinstance(value, str):
        return _infer_text(value)
    if isinstance(value, list | dict):
        return json.dumps(value, separators=(",", ":"), default=str)
    return str(value)


# A stored value's Python type says its column type (bool before int: a bool is an int subclass).
_KINDS: dict[type, ColumnType] = {str: "string", int: "int", float: "float", bool: "boolean", datetime: "datetime"}


def kind_of(stored: Any) -> ColumnType:
    """Return the column type a stored value (a result of `store`, or a plan-typed value) asks for."""
    kind = _KINDS.get(type(stored))
    if kind is not None:
        return kind
    for base in (bool, int, float, datetime):  # subclasses, e.g. an IntEnum in a dict handed to the loader
        if isinstance(stored, base):
            return _KINDS[base]
    return "string"


def _infer_text(value: str) -> str | datetime:
    stored = _TEXTS.get(value)
    if stored is None:
        if len(_TEXTS) >= _CACHE_LIMIT:
            _TEXTS.clear()
        stamp = parse_timestamp(value)
        stored = _TEXTS[value] = stamp if stamp is not None else value
    return stored


def convert(value: Any, column: ColumnType) -> Any:
    """Convert a value already accepted by `fits` to the Python type of its column."""
    if column == "float" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if column == "string" and not isinstance(value, str):
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, datetime):
            return value.isoformat()
        return str(value)
    return value


def fits(value_type: ColumnType, column: ColumnType) -> bool:
    """Say whether a value of one type can be stored in a column of another (RudderStack's casts)."""
    return value_type == column or column == "string" or (value_type == "int" and column == "float")
