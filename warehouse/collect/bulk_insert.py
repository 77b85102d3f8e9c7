"""Bulk-insert a table batch's rows into its raw table in one statement, from column arrays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import numpy as np
from sqlglot import exp

from warehouse.collect.array_scan import SCAN_TABLE, run_over_arrays
from warehouse.collect.flatten import SQL_TYPES, ColumnType, convert
from warehouse.collect.raw_tables import table
from warehouse.collect.table_batch import Shape, TableBatch


def _convert(values: np.ndarray, value_type: type, kind: ColumnType) -> np.ndarray | list[Any]:
    """Return one shape's values of a column as the column's Python type (int to float, any to text)."""
    if (kind == "float" and value_type is not float) or (kind == "string" and value_type is not str):
        return [convert(v, kind) for v in values]
    return values


@dataclass(slots=True)
class _Part:
    """One shape at insert time: where its rows go in the batch, and its values as a rows x columns block."""

    shape: Shape
    positions: np.ndarray
    block: np.ndarray

    @classmethod
    def of(cls, shape: Shape) -> _Part:
        # Filling an object block from the row tuples runs in C and is twice as fast as transposing them with
        # zip; DuckDB reads the block's strided columns as they are.
        block = np.empty((len(shape.rows), len(shape.columns)), dtype=object)
        block[:] = shape.rows
        return cls(shape, np.array(shape.positions), block)

    def column(self, column: str) -> tuple[np.ndarray, type] | None:
        """Return the values and value type this shape has in a column, or None when it has none."""
        if column not in self.shape.columns:
            return None
        index = self.shape.columns.index(column)
        return self.block[:, index], self.shape.types[index]


def _column_array(parts: list[_Part], count: int, column: str, kind: ColumnType) -> np.ndarray:
    """Return one column of the batch in row order, None where a row has no value."""
    if len(parts) == 1 and (found := parts[0].column(column)) is not None:
        values = _convert(*found, kind)  # one shape holds every row, in order: use its column as it is
        return values if isinstance(values, np.ndarray) else np.array(values, dtype=object)
    array = np.full(count, None, dtype=object)
    for part in parts:
        found = part.column(column)
        if found is not None:
            array[part.positions] = _convert(*found, kind)
    return array


def _shared_value(parts: list[_Part], column: str, kind: ColumnType) -> tuple[Any] | None:
    """Return (value,) when every row holds the same text or time in the column, else None.

    A load's uuid_ts and received_at, and context values from the text cache, are one object in every
    row: bound once as a parameter, DuckDB converts them once rather than per row. Only str and datetime
    qualify, whose equality is sameness of value (0.0 == -0.0 and 1 == True are not).
    """
    first: Any = None
    for part in parts:
        found = part.column(column)
        if found is None or found[1] not in (str, datetime) or found[0][0] != found[0][-1]:
            return None  # the last check turns away most columns of distinct values (ids, times) at once
        values = found[0].tolist()
        if first is None:
            first = values[0]
        if type(first) is not found[1] or values.count(first) != len(values):  # count runs in C
            return None
    return (convert(first, kind),)


def insert_rows(con: duckdb.DuckDBPyConnection, batch: TableBatch) -> int:
    """Insert the batch's rows in one statement from column arrays; return how many went in."""
    if not batch.count:
        return 0
    parts = [_Part.of(shape) for shape in batch.shapes.values() if shape.rows]
    seen = {column for part in parts for column in part.shape.columns}
    present = [c for c in batch.columns if c in seen]
    arrays: dict[str, np.ndarray] = {}
    values: list[exp.Expression] = []
    parameters: list[Any] = []
    for i, column in enumerate(present):
        kind = batch.columns[column]
        shared = _shared_value(parts, column, kind)
        if shared is None:
            arrays[f"c{i}"] = _column_array(parts, batch.count, column, kind)
            values.append(exp.cast(exp.column(f"c{i}"), SQL_TYPES[kind]))
        else:
            parameters.extend(shared)
            values.append(exp.cast(exp.Placeholder(), SQL_TYPES[kind]))
    insert = exp.insert(exp.select(*values).from_(SCAN_TABLE), table(batch.name),
                        columns=[exp.to_identifier(c, quoted=True) for c in present])
    run_over_arrays(con, insert, arrays or {"c": np.full(batch.count, None, dtype=object)}, parameters)
    return batch.count
