"""Create, widen and bulk-fill the tables of the raw layer (schema `raw`), with sqlglot-built SQL."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
import numpy as np
from sqlglot import exp

from warehouse.collect.flatten import SQL_TYPES, ColumnType, convert, fits, kind_of
from warehouse.collect.rows import (
    ALIAS_COLUMNS,
    COMMON_COLUMNS,
    GROUP_COLUMNS,
    PAGE_COLUMNS,
    TRACK_COLUMNS,
    USER_COLUMNS,
    Row,
    planned_columns,
)
from warehouse.collect.tracking_plan import TrackingPlan

RAW_SCHEMA = "raw"
_view_names = itertools.count()


def table(name: str, schema: str = RAW_SCHEMA) -> exp.Table:
    """Return a quoted table reference."""
    return exp.Table(this=exp.to_identifier(name, quoted=True), db=exp.to_identifier(schema, quoted=True))


def column_def(name: str, kind: ColumnType, *, primary_key: bool = False) -> exp.ColumnDef:
    constraints = [exp.ColumnConstraint(kind=exp.PrimaryKeyColumnConstraint())] if primary_key else []
    return exp.ColumnDef(this=exp.to_identifier(name, quoted=True), kind=exp.DataType.build(SQL_TYPES[kind]),
                         constraints=constraints)


def layout(plan: TrackingPlan) -> dict[str, dict[str, ColumnType]]:
    """Return every raw table the plan implies, with the columns it has from the start."""
    tables = {
        "tracks": dict(TRACK_COLUMNS),
        "identifies": {**COMMON_COLUMNS, **planned_columns(plan.traits, COMMON_COLUMNS)},
        "users": {**USER_COLUMNS, **planned_columns(plan.traits, USER_COLUMNS)},
        "pages": dict(PAGE_COLUMNS),
        "screens": dict(PAGE_COLUMNS),
        "aliases": dict(ALIAS_COLUMNS),
        "groups": dict(GROUP_COLUMNS),
    }
    for event, schema in plan.events.items():
        tables[event] = {**TRACK_COLUMNS, **planned_columns(schema, TRACK_COLUMNS)}
    return tables


_TYPE_NAMES: dict[str, ColumnType] = {
    "BIGINT": "int", "INTEGER": "int", "SMALLINT": "int", "TINYINT": "int", "HUGEINT": "int",
    "DOUBLE": "float", "FLOAT": "float", "REAL": "float", "DECIMAL": "float", "BOOLEAN": "boolean",
    "TIMESTAMP": "datetime", "TIMESTAMP WITH TIME ZONE": "datetime", "TIMESTAMP_NS": "datetime",
    "TIMESTAMP_MS": "datetime", "TIMESTAMP_S": "datetime",
}  # anything else (VARCHAR, DATE, JSON, ...) takes values as text and lets DuckDB cast on insert


def existing_columns(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, ColumnType]]:
    """Return the raw layer's tables and their columns as they are now."""
    query = (
        exp.select("table_name", "column_name", "data_type")
        .from_("information_schema.columns")
        .where(exp.column("table_schema").eq(exp.Literal.string(RAW_SCHEMA)))
        .order_by("table_name", "ordinal_position")
    )
    found: dict[str, dict[str, ColumnType]] = {}
    for name, column, data_type in con.execute(query.sql("duckdb")).fetchall():
        found.setdefault(name, {})[column] = _TYPE_NAMES.get(data_type.split("(")[0], "string")
    return found


# What a row looks like to its table: its columns in order, and the Python type of each value.
Signature = tuple[tuple[str, ...], tuple[type, ...]]


@dataclass(slots=True)
class Shape:
    """The rows of a batch that share one signature, kept as value tuples (transposed in C at insert)."""

    columns: tuple[str, ...]
    types: tuple[type, ...]
    positions: list[int] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)


# A row checked against its table: its values, its shape (None for the first row of a signature, which
# may add or widen columns), its signature and the row. A plain tuple: a dataclass's __init__ runs as
# Python code, and the loader makes two of these per message.
Fitted = tuple[tuple[Any, ...], Shape | None, Signature, Row]


@dataclass
class TableBatch:
    """The rows bound for one table in this load, and the schema changes they need."""

    name: str
    columns: dict[str, ColumnType]
    in_db: set[str] = field(default_factory=set)
    widened: set[str] = field(default_factory=set)
    # Rows grouped by signature. A signature seen once fits for the rest of the load: columns only gain
    # members or widen int to float, and neither turns a value that fitted into one that does not.
    shapes: dict[Signature, Shape] = field(default_factory=dict)
    count: int = 0

    def fit(self, row: Row) -> Fitted | str:
        """Return the row ready to add if every column can take its value, else why one cannot."""
        values = tuple(row.values())
        signature = (tuple(row), tuple(map(type, values)))
        shape = self.shapes.get(signature)
        if shape is not None:  # the common case: a row shaped like one already added
            return values, shape, signature, row
        columns = self.columns
        for column, value in row.items():
            kind, have = kind_of(value), columns.get(column)
            if have is not None and have != kind and not fits(kind, have) and not (have == "int" and kind == "float"):
                return f"{self.name}.{column} is {have}, got {kind} {value!r}"
        return values, None, signature, row

    def add(self, fitted: Fitted) -> None:
        """Take a fitted row, growing the column set (new columns, int widened to float) as RudderStack does."""
        values, shape, signature, row = fitted
        if shape is None:
            columns = self.columns
            for column, value in row.items():
                have, kind = columns.get(column), kind_of(value)
                if have is None:
                    columns[column] = kind
                elif have == "int" and kind == "float":
                    columns[column] = "float"
                    if column in self.in_db:
                        self.widened.add(column)
            shape = self.shapes.setdefault(signature, Shape(*signature))
        shape.positions.append(self.count)
        shape.rows.append(values)
        self.count += 1

    def clear_rows(self) -> None:
        """Forget the rows once inserted; the columns and the signatures known to fit them stay."""
        self.shapes = {signature: Shape(*signature) for signature in self.shapes}
        self.count = 0


def prepare(con: duckdb.DuckDBPyConnection, plan: TrackingPlan) -> dict[str, TableBatch]:
    """Create the raw schema and planned tables if missing; return an empty batch per table."""
    con.execute(exp.Create(this=exp.to_identifier(RAW_SCHEMA, quoted=True), kind="SCHEMA", exists=True).sql("duckdb"))
    current = existing_columns(con)
    batches: dict[str, TableBatch] = {}
    for name, columns in layout(plan).items():
        if name not in current:
            create_table(con, name, columns)
            current[name] = dict(columns)
        batches[name] = TableBatch(name, dict(current[name]), set(current[name]))
    for name, columns in current.items():
        batches.setdefault(name, TableBatch(name, dict(columns), set(columns)))
    return batches


def create_table(con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, ColumnType]) -> None:
    defs = [column_def(column, kind, primary_key=column == "id") for column, kind in columns.items()]
    create = exp.Create(this=exp.Schema(this=table(name), expressions=defs), kind="TABLE", exists=True)
    con.execute(create.sql("duckdb"))


def apply_schema_changes(con: duckdb.DuckDBPyConnection, batch: TableBatch) -> None:
    """Add new columns and widen int columns to float, before any row goes in."""
    for column, kind in batch.columns.items():
        if column not in batch.in_db:
            alter = exp.Alter(this=table(batch.name), kind="TABLE", actions=[column_def(column, kind)])
            con.execute(alter.sql("duckdb"))
            batch.in_db.add(column)
    for column in sorted(batch.widened):
        widen = exp.AlterColumn(this=exp.to_identifier(column, quoted=True), dtype=exp.DataType.build("DOUBLE"))
        con.execute(exp.Alter(this=table(batch.name), kind="TABLE", actions=[widen]).sql("duckdb"))
    batch.widened.clear()


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
        if found is None or found[1] not in (str, datetime):
            return None
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
    view = f"collect_rows_{next(_view_names)}"
    con.register(view, arrays or {"c": np.full(batch.count, None, dtype=object)})
    try:
        insert = exp.insert(exp.select(*values).from_(view), table(batch.name),
                            columns=[exp.to_identifier(c, quoted=True) for c in present])
        con.execute(insert.sql("duckdb"), parameters)
    finally:
        con.unregister(view)
    return batch.count
