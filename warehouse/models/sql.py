"""Literal and identifier quoting for the model SQL, through sqlglot (values never pasted raw)."""

from __future__ import annotations

from datetime import datetime

from sqlglot import exp


def lit(value: str | int | float) -> str:
    """Return a SQL literal for a value."""
    if isinstance(value, str):
        return exp.Literal.string(value).sql("duckdb")
    return exp.Literal.number(value).sql("duckdb")


def quote(name: str) -> str:
    """Return a quoted identifier."""
    return exp.to_identifier(name, quoted=True).sql("duckdb")


def ts(value: datetime) -> str:
    """Return a TIMESTAMP literal (to the microsecond: watermarks compare exactly)."""
    return f"TIMESTAMP {lit(value.isoformat(sep=' '))}"
