"""A count trait's word said as the act ('how many workouts per week', 'daily workouts') counts the acts by day or
week (the trait, workouts_completed, groups people, and the week went unread)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner

USERS = [("u1", "ios", 2), ("u2", "android", 2)]
EVENTS = [
    ("2026-10-02 10:00", "u1", "workout_completed", "{}"),  # a Friday: the week of Sep 28
    ("2026-10-04 10:00", "u2", "workout_completed", "{}"),  # a Sunday: the same week
    ("2026-10-05 10:00", "u1", "workout_completed", "{}"),  # a Monday: the week of Oct 5
    ("2026-10-05 11:00", "u2", "workout_completed", "{}"),
    ("2026-10-06 10:00", "u2", "pricing_viewed", "{}"),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "count_words.duckdb"
    return question_warehouse(path, "device_os VARCHAR, workouts_completed INTEGER", USERS, EVENTS)


@pytest.mark.parametrize(("prompt", "rows"), [
    ("How many workouts per week?", [(date(2026, 9, 28), 2), (date(2026, 10, 5), 2)]),
    ("how many workouts per day", [(date(2026, 10, 2), 1), (date(2026, 10, 4), 1), (date(2026, 10, 5), 2)]),
    ("How many workouts per week by platform?", [(date(2026, 9, 28), "android", 1), (date(2026, 9, 28), "ios", 1),
                                                  (date(2026, 10, 5), "android", 1), (date(2026, 10, 5), "ios", 1)]),
    # the unit said before the acts, with no question word, is a data question too (it was drafted as a rule)
    ("daily workouts for iOS users", [(date(2026, 10, 2), 1), (date(2026, 10, 5), 1)]),
])
def test_a_count_trait_s_word_counts_the_acts_by_day_or_week(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows
