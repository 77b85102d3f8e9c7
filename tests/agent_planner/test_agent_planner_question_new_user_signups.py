"""'What share of new users completed a workout in their first week?': with each person's first days said, new users
are the people who signed up, not the lifecycle's `new` (fewer than 2 workouts now), which made a share of second
workouts 0 and left out everyone who has since done more."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner

# u1 is no longer `new`: it did two workouts in its first week
USERS = [("u1", "activated", 2), ("u2", "new", 1), ("u3", "new", 0)]
SIGNUPS = [("u1", "2026-10-01 09:00"), ("u2", "2026-10-10 09:00"), ("u3", "2026-10-12 09:00")]
EVENTS = [
    ("2026-10-02 10:00", "u1", "workout_completed", "{}"),
    ("2026-10-03 10:00", "u1", "workout_completed", "{}"),
    ("2026-10-11 10:00", "u2", "workout_completed", "{}"),
    ("2026-10-27 10:00", "u3", "app_opened", "{}"),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "new_user_signups.duckdb"
    return question_warehouse(path, "activation_state VARCHAR, workouts_completed INTEGER", USERS, EVENTS, signups=SIGNUPS)


@pytest.mark.parametrize(("prompt", "rows"), [
    ("what share of new users completed at least 2 workouts in their first week?", [(3, 0.3333)]),
    ("how many newcomers completed a workout within 3 days of signing up", [(2,)]),
])
def test_new_users_in_their_first_days_are_the_signups(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


def test_new_users_with_no_first_days_are_still_the_lifecycle_state(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection
) -> None:
    assert answer(planner, con, "how many new users are there?") == [(2,)]
