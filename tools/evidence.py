"""Evidence: each reported number names the SQL that, rerun, returns the row it came from."""

from __future__ import annotations

from sqlglot import exp


def evidence_sql(query: exp.Expr, **keys: str) -> str:
    """Return SQL selecting the one row of `query` whose key columns equal `keys`."""
    where = exp.and_(*[exp.column(k).eq(exp.Literal.string(v)) for k, v in keys.items()])
    return exp.select("*").from_(exp.paren(query.copy()).as_("evidence")).where(where).sql(dialect="duckdb")


def evidence_id(kind: str, *parts: str) -> str:
    """Return a readable, stable evidence id such as `funnel:ios:workout_completed_2`."""
    return ":".join((kind, *parts))
