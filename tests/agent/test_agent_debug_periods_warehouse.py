"""The debug path on a generated warehouse: calendar periods reach the tools, and the diagnosis names the dates."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from agent.api import ask
from agent.types import Diagnostic
from warehouse.meta import data_end


def _data_end(db: Path) -> datetime:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return data_end(con)
    finally:
        con.close()


def test_since_a_weekday_runs_from_its_midnight_and_the_note_names_the_dates(warehouse_db: Path) -> None:
    result = ask("What happened to iOS conversion since Tuesday?", db=warehouse_db, model="offline")
    assert result.error is None and isinstance(result.result, Diagnostic), result
    window = result.result.window
    start, end = datetime.fromisoformat(window.current_start), datetime.fromisoformat(window.current_end)
    assert start.weekday() == 1 and start.time() == datetime.min.time() and end == _data_end(warehouse_db)
    assert end - start <= timedelta(days=7)
    assert datetime.fromisoformat(window.previous_end) == start
    assert datetime.fromisoformat(window.previous_start) == start - (end - start)
    note = result.result.notes[0]
    assert note.startswith(f"Compared {start.date().isoformat()}") and "'since tuesday'" in note
    assert (start - (end - start)).date().isoformat() in note


def test_a_month_the_data_does_not_cover_is_diagnosed_on_the_nearest_one_it_can_compare(built_warehouse: Path) -> None:
    end = _data_end(built_warehouse)
    month = calendar.month_name[(end - timedelta(days=120)).month]
    result = ask(f"Why did conversion drop on Android in {month}?", db=built_warehouse, model="offline")
    assert result.error is None and isinstance(result.result, Diagnostic), result
    moved, dates = result.result.notes[:2]
    assert moved.startswith(f"'in {month.lower()}' is ") and "which the data does not cover" in moved
    assert "(the data covers " in moved and "the nearest period it can instead" in moved
    assert result.result.summary.startswith("Caution: the period asked about is outside the data")
    window = result.result.window
    # the period diagnosed lies in the data, and the dates note names it
    assert datetime.fromisoformat(window.current_end) <= end and window.current_start[:10] in dates
    assert [t.tool for t in result.trace.tools].count("compare_funnel") == 2


