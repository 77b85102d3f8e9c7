"""Each period of a '… vs the week before' answer says its own dates: the earlier one ends where the later begins."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer_columns, question_warehouse

from agent.catalog_planner import CatalogPlanner

EVENTS = [
    ("2026-10-30 10:00", "u1", "app_opened", "{}"),
    ("2026-10-20 10:00", "u2", "app_opened", "{}"),
    ("2026-10-31 12:00", "u2", "workout_completed", "{}"),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "period_columns.duckdb"
    return question_warehouse(path, "device_os VARCHAR", [("u1", "ios"), ("u2", "web")], EVENTS)


@pytest.mark.parametrize("prompt", [
    "How many users opened the app in the last 7 days vs the week before?",
    "how many users opened the app in the past 7 days compared with the previous 7 days",
])
def test_the_earlier_period_ends_where_the_later_one_begins(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str
) -> None:
    columns, rows = answer_columns(planner, con, prompt)
    by_period = {row[0]: dict(zip(columns, row, strict=True)) for row in rows}
    last, prior = by_period["last_7_days"], by_period["prior_7_days"]
    assert (last["users"], prior["users"]) == (1, 1)
    assert last["period_end"] == datetime(2026, 10, 31, 12) and last["period_start"] == datetime(2026, 10, 24, 12)
    assert prior["period_end"] == last["period_start"] and prior["period_start"] == datetime(2026, 10, 17, 12)
