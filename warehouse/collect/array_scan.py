"""Run one statement over Python column arrays, read by DuckDB as a table only while it runs."""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np
from sqlglot import exp

# What a statement calls the arrays. Not `con.register`: that makes a view, a catalog entry, and a view
# dropped inside a transaction stays, with every array it held, until the transaction ends, so a load of
# millions of messages, one transaction, would keep every chunk it inserted. DuckDB's replacement scan
# instead finds a local variable of this name in the calling frame, for this statement alone.
SCAN_TABLE = "collect_scan_arrays"


def run_over_arrays(con: duckdb.DuckDBPyConnection, statement: exp.Expression, arrays: dict[str, np.ndarray],
                    parameters: list[Any] | None = None) -> dict[str, np.ndarray]:
    """Execute a statement that reads `arrays` as the table SCAN_TABLE; return its result as column arrays."""
    collect_scan_arrays = arrays  # noqa: F841 - read by name by DuckDB's replacement scan, in this frame
    # Fetched here, while the arrays are still referenced by this frame.
    result: dict[str, np.ndarray] = con.execute(statement.sql("duckdb"), parameters or []).fetchnumpy()
    return result
