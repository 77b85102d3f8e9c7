"""'How many workouts were started vs completed last week?': one count per act, in the order said (the second act was
dropped and the starts alone counted)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner

USERS = [("u1", "ios", 0), ("u2", "web", 1)]
EVENTS = [
    ("2026-10-20 10:00", "u1", "workout_started", "{}"),  # before the last 7 days
    ("2026-10-28 10:00", "u1", "workout_started", "{}"),
    ("2026-10-29 10:00", "u2", "workout_started", "{}"),
    ("2026-10-30 10:00", "u2", "workout_started", "{}"),
    ("2026-10-30 11:00", "u2", "workout_completed", "{}"),
    ("2026-11-01 10:00", "u1", "app_opened", "{}"),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "act_pairs.duckdb"
    return question_warehouse(path, "device_os VARCHAR, workouts_completed INTEGER", USERS, EVENTS)


@pytest.mark.parametrize(("prompt", "rows"), [
    ("how many workouts were started vs completed in the last 7 days?", [("started", 3), ("completed", 1)]),
    ("How many workouts were completed compared to started?", [("completed", 1), ("started", 4)]),
])
def test_two_acts_of_one_thing_are_counted_side_by_side(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows
