"""The rows one load has for one raw table, grouped by shape, and the column changes they need."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from warehouse.collect.flatten import ColumnType, fits, kind_of
from warehouse.collect.rows import Row

# What a row looks like to its table: its columns in order, and the Python type of each value.
Signature = tuple[tuple[str, ...], tuple[type, ...]]


@dataclass(slots=True)
class Shape:
    """The rows of a batch that share one signature, kept as value tuples (one block per shape at insert)."""

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
