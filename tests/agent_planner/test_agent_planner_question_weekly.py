"""Acts counted per calendar week ('trials started each week in October', 'workouts per week'), and a calendar
period a refusal quotes said back in its own words."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal

USERS = [("u1", "ios"), ("u2", "android"), ("u3", "ios")]
EVENTS = [
    # Monday 2026-10-05 and Monday 2026-10-12 start the weeks; the data ends 2026-10-20
    ("2026-10-05 10:00", "u1", "trial_started", "{}"),
    ("2026-10-11 10:00", "u2", "trial_started", "{}"),
    ("2026-10-13 10:00", "u3", "trial_started", "{}"),
    ("2026-09-29 10:00", "u3", "trial_started", "{}"),  # September: outside October
    ("2026-10-14 10:00", "u1", "workout_completed", "{}"),
    ("2026-10-15 10:00", "u1", "workout_completed", "{}"),
    ("2026-10-20 10:00", "u2", "workout_completed", "{}"),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "weekly.duckdb"
    return question_warehouse(path, "device_os VARCHAR", USERS, EVENTS)


def _week_rows(rows: list[tuple[object, ...]]) -> list[tuple[str, object]]:
    return [(str(week), n) for week, n in rows]


def test_people_who_did_an_act_are_counted_per_week_of_the_period(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection
) -> None:
    rows = answer(planner, con, "How many users started a trial each week in October?")
    assert _week_rows(rows) == [("2026-10-05", 2), ("2026-10-12", 1)]


def test_acts_are_summed_per_week(planner: CatalogPlanner, con: duckdb.DuckDBPyConnection) -> None:
    rows = answer(planner, con, "Workouts completed per week in the last 30 days")
    assert _week_rows(rows) == [("2026-10-12", 2), ("2026-10-19", 1)]


def test_a_refusal_says_the_calendar_period_in_the_words_asked(planner: CatalogPlanner) -> None:
    refusal = planner.plan_question("How many users did a workout every week in October?", planner.catalog, [])
    assert isinstance(refusal, Refusal)
    assert "3643" not in refusal.reason and "october" in refusal.reason
