"""'In their first week' counts each person's acts in their first days after signing up, not all time."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner

USERS = [("u1", "ios", 3), ("u2", "ios", 1), ("u3", "web", 0)]
SIGNUPS = [("u1", "2026-10-01 09:00"), ("u2", "2026-10-10 09:00"), ("u3", None)]
EVENTS = [
    # u1: three workouts in the first week, one after it
    ("2026-10-02 10:00", "u1", "workout_completed", "{}"),
    ("2026-10-03 10:00", "u1", "workout_completed", "{}"),
    ("2026-10-07 10:00", "u1", "workout_completed", "{}"),
    ("2026-10-20 10:00", "u1", "workout_completed", "{}"),
    # u2: one in the first week, two well after it
    ("2026-10-11 10:00", "u2", "workout_completed", "{}"),
    ("2026-10-25 10:00", "u2", "workout_completed", "{}"),
    ("2026-10-26 10:00", "u2", "workout_completed", "{}"),
    # u3 never signed up: no first days
    ("2026-10-27 10:00", "u3", "workout_completed", "{}"),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "first_days.duckdb"
    return question_warehouse(path, "device_os VARCHAR, workouts_completed INTEGER", USERS, EVENTS, signups=SIGNUPS)


@pytest.mark.parametrize(("prompt", "count"), [
    ("How many users completed at least 3 workouts in their first week?", 1),  # u1 (u2 has 3, but later)
    ("how many users completed a workout in the first 2 days after signing up", 2),
    ("How many iOS users completed 2 or more workouts during their first 7 days?", 1),
    # a span said after signing up is each person's own, not the days before the data's end
    ("How many users completed a workout within 3 days of signing up?", 2),  # u1 (Oct 2), u2 (Oct 11)
    ("how many users completed 3 workouts within a week after they joined", 1),
    ("How many users worked out at least twice in the 72 hours following registration?", 1),  # u1
])
def test_acts_are_counted_in_each_person_s_first_days(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, count: int
) -> None:
    assert answer(planner, con, prompt) == [(count,)]
