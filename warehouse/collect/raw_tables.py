"""Create and widen the tables of the raw layer (schema `raw`), with sqlglot-built SQL."""

from __future__ import annotations

import duckdb
from sqlglot import exp

from warehouse.collect.flatten import SQL_TYPES, ColumnType
from warehouse.collect.rows import (
    ALIAS_COLUMNS,
    COMMON_COLUMNS,
    GROUP_COLUMNS,
    PAGE_COLUMNS,
    TRACK_COLUMNS,
    USER_COLUMNS,
    planned_columns,
)
from warehouse.collect.table_batch import TableBatch
from warehouse.collect.tracking_plan import TrackingPlan

RAW_SCHEMA = "raw"


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
