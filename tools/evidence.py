"""Evidence: each reported number names the SQL that, rerun, returns the row it came from."""

from __future__ import annotations

from sqlglot import exp

# Stands for the comparison query in the wrapper; replaced by its SQL, rendered once for all evidence.
_SOURCE = "__evidence_source__"


def evidence_sql(query_sql: str, **keys: str) -> str:
    """Return SQL selecting the one row of `query_sql` whose key columns equal `keys`.

    `query_sql` is a query this package rendered with sqlglot; the keys become sqlglot literals.

    >>> evidence_sql("SELECT 'ios' AS segment", segment="ios")
    "SELECT * FROM (SELECT 'ios' AS segment) AS evidence WHERE segment = 'ios'"
    """
    where = exp.and_(*[exp.column(k).eq(exp.Literal.string(v)) for k, v in keys.items()])
    wrapper = exp.select("*").from_(exp.to_table(_SOURCE).as_("evidence")).where(where).sql(dialect="duckdb")
    # The first occurrence is the FROM clause: the WHERE (with its literal values) comes after it.
    return wrapper.replace(_SOURCE, f"({query_sql})", 1)


def evidence_id(kind: str, *parts: str) -> str:
    """Return a readable, stable evidence id such as `funnel:ios:workout_completed_2`."""
    return ":".join((kind, *parts))
