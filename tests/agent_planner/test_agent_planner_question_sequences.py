"""Acts said in order ('viewed pricing then started checkout') count the people who did them in that order, not
in any order; a period said after the last act bounds the whole sequence."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner

USERS = [("u1", "ios"), ("u2", "android"), ("u3", "ios"), ("u4", "web")]
EVENTS = [
    # u1: pricing, plans, checkout, in that order, in October
    ("2026-10-01 10:00", "u1", "pricing_viewed", "{}"),
    ("2026-10-02 10:00", "u1", "plan_compared", "{}"),
    ("2026-10-03 10:00", "u1", "checkout_started", "{}"),
    # u2: checkout before pricing (both done, wrong order)
    ("2026-10-01 10:00", "u2", "checkout_started", "{}"),
    ("2026-10-05 10:00", "u2", "pricing_viewed", "{}"),
    # u3: pricing in September, checkout in October, a second checkout after pricing
    ("2026-09-20 10:00", "u3", "pricing_viewed", "{}"),
    ("2026-10-06 10:00", "u3", "checkout_started", "{}"),
    # u4: an email opened, then a push clicked (not the email)
    ("2026-10-01 10:00", "u4", "message_opened", '{"channel": "email"}'),
    ("2026-10-02 10:00", "u4", "message_clicked", '{"channel": "push"}'),
    ("2026-10-02 10:00", "u1", "message_opened", '{"channel": "email"}'),
    ("2026-10-03 10:00", "u1", "message_clicked", '{"channel": "email"}'),
    # u1: two workouts, then a trial; u2: a trial between its first and second workout
    ("2026-10-04 10:00", "u1", "workout_completed", "{}"),
    ("2026-10-05 10:00", "u1", "workout_completed", "{}"),
    ("2026-10-06 10:00", "u1", "trial_started", "{}"),
    ("2026-10-04 10:00", "u2", "workout_completed", "{}"),
    ("2026-10-05 10:00", "u2", "trial_started", "{}"),
    ("2026-10-06 10:00", "u2", "workout_completed", "{}"),
    ("2026-11-01 10:00", "u4", "app_opened", "{}"),  # the data ends here
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "sequences.duckdb"
    return question_warehouse(path, "device_os VARCHAR", USERS, EVENTS)


@pytest.mark.parametrize(("prompt", "rows"), [
    # of_users viewed pricing (u1, u2, u3); u2's checkout came first
    ("How many users viewed pricing then started checkout?", [(3, 2, 0.6667)]),
    ("how many users started checkout after viewing pricing", [(3, 2, 0.6667)]),
    ("How many users viewed pricing, then compared plans, then started checkout?", [(3, 1, 0.3333)]),
    # the period after the last act bounds every one: u3's pricing view was in September
    ("How many users viewed pricing and then started checkout in October?", [(2, 1, 0.5)]),
    # "one" is the email opened: u4 clicked a push
    ("how many users who opened an email then clicked one", [(2, 1, 0.5)]),
    # the earlier act's count is how many times before: u2's trial came after one workout
    ("How many users started a trial after completing two workouts?", [(2, 1, 0.5)]),
    ("how many users completed 2 workouts and then started a trial", [(2, 1, 0.5)]),
    # "users who A B within 2 days": B within 2 days of A (u1's checkout came 48 hours after), not the last 2 days
    ("What share of users who viewed pricing started checkout within 2 days?", [(3, 1, 0.3333)]),
    # people said inside an act's words (a chat follow-up adds "on iOS" at the end): still in order, among them
    ("How many users viewed pricing then started checkout on iOS?", [(2, 2, 1.0)]),  # u1, u3 (not u2)
    ("how many users on android viewed pricing then started checkout", [(1, 0, 0.0)]),
])
def test_acts_in_order_count_the_people_who_did_them_in_that_order(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[int, int, float]]
) -> None:
    assert answer(planner, con, prompt) == rows
