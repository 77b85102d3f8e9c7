"""An act 'every day' of a period counts the days with one, not the acts (seven opens in one day are one day)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner

# the data ends 2026-10-31 12:00: the last 7 days are Oct 25 to 31 (after Oct 24 12:00)
EVENTS = [
    *((f"2026-10-{d} 12:00", "u1", "app_opened", "{}") for d in range(25, 32)),  # every day
    *((f"2026-10-30 {h}:00", "u2", "app_opened", "{}") for h in range(10, 17)),  # seven opens, one day
    *((f"2026-10-{d} 11:00", "u3", "app_opened", "{}") for d in range(26, 32)),  # six days
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "every_day.duckdb"
    return question_warehouse(path, "device_os VARCHAR", [("u1", "ios"), ("u2", "ios"), ("u3", "web")], EVENTS)


@pytest.mark.parametrize(("prompt", "count"), [
    ("How many users opened the app every day last week?", 1),
    ("how many users opened the app every day in the last 6 days", 2),  # u1 and u3
    # without 'every day' the opens are counted as said
    ("How many users opened the app at least 7 times in the last 7 days?", 2),
])
def test_every_day_counts_days_with_the_act(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, count: int
) -> None:
    assert answer(planner, con, prompt)[0][0] == count
