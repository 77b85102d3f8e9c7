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


def flatten(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten nested objects into snake_case columns; null values make no column.

    >>> flatten({"library": {"name": "web"}, "os": None}, "context")
    {'context_library_name': 'web'}
    """
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if value is None:
            continue
        column = _column(prefix, key)
        if not column:
            continue
        if isinstance(value, dict):
            out.update(flatten(value, column))
        else:
            out[column] = value
    return out


@lru_cache(maxsize=8192)
def _column(prefix: str, key: object) -> str:
    name = snake_case(str(key))
    return f"{prefix}_{name}" if prefix and name else name


def infer(value: Any) -> tuple[Any, ColumnType]:
    """Return the value as stored and the column type it asks for.

    >>> infer(3), infer(2.5), infer("2024-05-01T10:00:00Z"), infer([1, 2])
    ((3, 'int'), (2.5, 'float'), (datetime.datetime(2024, 5, 1, 10, 0), 'datetime'), ('[1,2]', 'string'))
    """
    if isinstance(value, bool):
        return value, "boolean"
    if isinstance(value, int):
        return (value, "int") if -_INT64 < value < _INT64 else (float(value), "float")
    if isinstance(value, float):
        return value, "float"
    if isinstance(value, str):
        return _infer_text(value)
    if isinstance(value, list | dict):
        return json.dumps(value, separators=(",", ":"), default=str), "string"
    return str(value), "string"


@lru_cache(maxsize=65536)
def _infer_text(value: str) -> tuple[Any, ColumnType]:
    # Cached: context strings (library, os, ip, device) repeat across most messages of a load.
    stamp = parse_timestamp(value)
    return (stamp, "datetime") if stamp is not None else (value, "string")


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
