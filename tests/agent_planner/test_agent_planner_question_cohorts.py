"""Data questions by signup cohort: people grouped by the week (from Monday) they signed up, counted, averaged or
shared; people with no signup belong to no cohort."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner

# the data ends on Saturday 2026-01-31: its week began on Monday 01-26
USERS = [
    # user_id, device_os, subscription_status, days_since_signup, workouts_completed
    ("u1", "ios", "trial", 0, 1),  # signed up 01-31
    ("u2", "android", "active", 5, 3),  # 01-26, a Monday: the same week
    ("u3", "ios", "active", 6, 5),  # 01-25, a Sunday: the week before
    ("u4", "ios", "none", 13, 0),  # 01-18: the week of 01-12
    ("u5", "web", "none", None, 0),  # never signed up
]
EVENTS = [
    ("2026-01-31 10:00", "u1", "app_opened", "{}"),
    ("2026-01-30 10:00", "u3", "workout_completed", "{}"),
    ("2026-01-29 10:00", "u4", "workout_completed", "{}"),
]
THIS_WEEK, LAST_WEEK, TWO_AGO = date(2026, 1, 26), date(2026, 1, 19), date(2026, 1, 12)


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "cohorts.duckdb"
    return question_warehouse(
        path, "device_os VARCHAR, subscription_status VARCHAR, days_since_signup INTEGER, workouts_completed INTEGER",
        USERS, EVENTS)

@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        ("How many users signed up each week?", [(TWO_AGO, 1), (LAST_WEEK, 1), (THIS_WEEK, 2)]),
        ("how many people per signup week", [(TWO_AGO, 1), (LAST_WEEK, 1), (THIS_WEEK, 2)]),
        # the window is the signup's: u4 signed up 13 days ago
        ("Weekly signups over the last 7 days", [(LAST_WEEK, 1), (THIS_WEEK, 2)]),
        ("what share of users are paying, by signup cohort", [(TWO_AGO, 1, 0.0), (LAST_WEEK, 1, 1.0), (THIS_WEEK, 2, 0.5)]),
        ("average workouts completed per signup week", [(TWO_AGO, 0.0, 1), (LAST_WEEK, 5.0, 1), (THIS_WEEK, 2.0, 2)]),
        ("how many users in each signup week completed a workout in the last 7 days", [(TWO_AGO, 1), (LAST_WEEK, 1)]),
    ],
)
def test_people_are_grouped_by_the_week_they_signed_up(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


@pytest.mark.parametrize(
    "prompt", ["how many users by signup week and platform", "how many users by platform and signup week"]
)
def test_a_cohort_groups_beside_a_dimension(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str
) -> None:
    assert answer(planner, con, prompt) == [
        (TWO_AGO, "ios", 1),
        (LAST_WEEK, "ios", 1),
        (THIS_WEEK, "android", 1),
        (THIS_WEEK, "ios", 1),
    ]
