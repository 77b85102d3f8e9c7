"""Advance `mcc.meta.data_end`, the warehouse's "now", to the latest event a load brought in."""

from __future__ import annotations

from datetime import datetime

import duckdb
from sqlglot import exp

from warehouse.collect.raw_tables import table

DATA_END_KEY = "data_end"


def advance_data_end(con: duckdb.DuckDBPyConnection, latest: datetime) -> datetime:
    """Store `latest` as data_end when it is later than the stored value; return the value now stored."""
    con.execute(exp.Create(this=exp.to_identifier("mcc", quoted=True), kind="SCHEMA", exists=True).sql("duckdb"))
    con.execute("CREATE TABLE IF NOT EXISTS mcc.meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    key = exp.Literal.string(DATA_END_KEY)
    stored = con.execute(
        exp.select("value").from_(table("meta", "mcc")).where(exp.column("key").eq(key)).sql("duckdb")
    ).fetchone()
    if stored is not None and datetime.fromisoformat(stored[0]) >= latest:
        return datetime.fromisoformat(stored[0])
    value = exp.Literal.string(latest.isoformat(sep=" "))
    con.execute(exp.delete(table("meta", "mcc")).where(exp.column("key").eq(key)).sql("duckdb"))
    con.execute(exp.insert(exp.select(key, value), table("meta", "mcc")).sql("duckdb"))
    return latest
