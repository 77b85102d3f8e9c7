"""A load holds one chunk at a time: nothing a chunk inserted stays alive while the next ones load."""

from __future__ import annotations

import json
import weakref
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest
from sqlglot import exp

from warehouse.collect import bulk_insert, loader


def write_messages(path: Path, n: int) -> Path:
    lines = [json.dumps({"type": "track", "event": "app_opened", "messageId": f"k{i}", "userId": "u"}) for i in range(n)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_chunk_inserted_is_not_held_while_the_load_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DuckDB keeps a registered view's arrays until the transaction ends; the loader must not register them."""
    monkeypatch.setattr(loader, "CHUNK_MESSAGES", 5)
    path = write_messages(tmp_path / "k.jsonl", 40)
    arrays: list[weakref.ref[np.ndarray]] = []
    alive_at_insert: list[int] = []
    real = bulk_insert.run_over_arrays

    def watched(con: duckdb.DuckDBPyConnection, statement: Any, columns: dict[str, np.ndarray],
                parameters: list[Any] | None = None) -> dict[str, np.ndarray]:
        alive_at_insert.append(sum(ref() is not None for ref in arrays))
        arrays.extend(weakref.ref(column) for column in columns.values())
        return real(con, statement, columns, parameters)

    monkeypatch.setattr(bulk_insert, "run_over_arrays", watched)
    report = loader.load_file(duckdb.connect(str(tmp_path / "w.duckdb")), path)
    assert report.loaded == 40 and len(alive_at_insert) == 16  # 8 chunks, two tables each
    assert alive_at_insert == [0] * 16


def test_a_chunk_s_statements_are_freed_while_the_load_goes_on(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """sqlglot trees are cycles, and the loader pauses the cyclic collector: it must still free them."""
    monkeypatch.setattr(loader, "CHUNK_MESSAGES", 5)
    monkeypatch.setattr(loader, "_COLLECT_EVERY", 2)
    path = write_messages(tmp_path / "q.jsonl", 40)
    statements: list[weakref.ref[exp.Expression]] = []
    alive_at_insert: list[int] = []
    real = bulk_insert.run_over_arrays

    def watched(con: duckdb.DuckDBPyConnection, statement: exp.Expression, columns: dict[str, np.ndarray],
                parameters: list[Any] | None = None) -> dict[str, np.ndarray]:
        alive_at_insert.append(sum(ref() is not None for ref in statements))
        statements.append(weakref.ref(statement))
        return real(con, statement, columns, parameters)

    monkeypatch.setattr(bulk_insert, "run_over_arrays", watched)
    assert loader.load_file(duckdb.connect(str(tmp_path / "w.duckdb")), path).loaded == 40
    # two inserts a chunk, collected every two chunks: at most the last three chunks' statements are alive
    assert len(alive_at_insert) == 16 and max(alive_at_insert) <= 6
    assert alive_at_insert[-1] < len(alive_at_insert) - 1
