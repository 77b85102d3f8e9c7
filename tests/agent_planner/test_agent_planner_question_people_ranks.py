"""Data questions that rank people, not groups ('top 5 users by workouts', 'who are the top 3 trial users by …'), and
shares whose whole is acts, not people."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal

USERS = [
    # user_id, subscription_status, workouts_completed, pricing_views, momentum_score
    ("u1", "trial", 12, 1, 40.0),
    ("u2", "trial", 3, 6, 80.0),
    ("u3", "active", 30, 0, 90.0),
    ("u4", "none", 7, 2, None),
    ("u5", "trial", 7, 4, 10.0),
]
EVENTS = [
    # the data ends 2026-10-31: October holds u2's two workouts and u5's one; u3's are in September
    ("2026-10-20 10:00", "u2", "workout_completed", "{}"),
    ("2026-10-21 10:00", "u2", "workout_completed", "{}"),
    ("2026-10-31 10:00", "u5", "workout_completed", "{}"),
    ("2026-09-15 10:00", "u3", "workout_completed", "{}"),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "people_ranks.duckdb"
    return question_warehouse(path, "subscription_status VARCHAR, workouts_completed INTEGER, pricing_views INTEGER, "
                                    "momentum_score DOUBLE", USERS, EVENTS)


@pytest.mark.parametrize(("prompt", "rows"), [
    ("Top 2 users by workouts", [("u3", 30), ("u1", 12)]),
    # ties break by user id, so the answer is stable
    ("bottom 3 users by workouts completed", [("u2", 3), ("u4", 7), ("u5", 7)]),
    # asked with a question word it is still a ranking, not a rule for the top users
    ("Who are the top 2 users by pricing views?", [("u2", 6), ("u5", 4)]),
    ("show me the top 2 trial users by momentum score", [("u2", 80.0), ("u1", 40.0)]),
    ("Which 2 users have the most workouts?", [("u3", 30), ("u1", 12)]),
    ("Who are the 2 users with the most pricing views?", [("u2", 6), ("u5", 4)]),
    ("list 2 trial users with the lowest momentum", [("u5", 10.0), ("u1", 40.0)]),
])
def test_people_are_ranked_by_a_number_each_has(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


def test_an_act_counted_in_a_period_ranks_each_person_by_their_count_in_it(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection
) -> None:
    rows = answer(planner, con, "Show me the top 2 users by workouts completed in October")
    assert rows == [("u2", 2), ("u5", 1)]


@pytest.mark.parametrize("prompt", ["Target the top 10% of users by momentum", "Send a push to the top 100 users by workouts",
                                    "Send a push to the 100 users with the longest streak"])
def test_a_rule_for_the_top_users_is_still_a_rule(planner: CatalogPlanner, prompt: str) -> None:
    assert planner.classify(prompt, planner.catalog) == "eligibility"


@pytest.mark.parametrize(("prompt", "said"), [
    ("What share of push messages were delivered last week?", "share of push messages"),
    ("what percentage of workouts were yoga", "percentage of workouts"),
])
def test_a_share_of_acts_is_refused_not_answered_as_a_share_of_people(planner: CatalogPlanner, prompt: str,
                                                                      said: str) -> None:
    refusal = planner.plan_question(prompt, planner.catalog, [])
    assert isinstance(refusal, Refusal) and refusal.unmatched_phrases == [said]
