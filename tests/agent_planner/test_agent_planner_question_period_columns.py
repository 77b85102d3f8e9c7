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


@pytest.mark.parametrize(("prompt", "previous", "counts"), [
    # October holds u1's and u2's opens; September none (the data begins in October)
    ("How many users opened the app this month compared to the month before?", "previous_month", (2, 0)),
    ("how many users opened the app in October vs the previous month", "previous_month", (2, 0)),
    # the data's last day is Oct 31, so "yesterday" is Oct 30 (u1) and the day before Oct 29 (nobody)
    ("how many users opened the app yesterday vs the day before", "previous_day", (1, 0)),
])
def test_a_calendar_period_is_answered_beside_the_one_before_it(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, previous: str, counts: tuple[int, int]
) -> None:
    columns, rows = answer_columns(planner, con, prompt)
    by_period = {row[0]: dict(zip(columns, row, strict=True)) for row in rows}
    assert list(by_period) == ["this_period", previous]
    assert (by_period["this_period"]["users"], by_period[previous]["users"]) == counts
    # each period says its own days, the earlier one ending before the later begins
    assert by_period[previous]["period_end"] < by_period["this_period"]["period_start"]
