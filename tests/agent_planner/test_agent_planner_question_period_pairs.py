"""Two calendar periods set against each other ('workouts in October vs September') answer the question over
each, in the order said; a comparison with nothing said to have moved is a data question, not a diagnosis."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner
from agent.types import QuestionPlan, Refusal

USERS = [("u1", "ios", 20.0), ("u2", "android", 40.0), ("u3", "web", None)]
EVENTS = [
    ("2026-09-10 10:00", "u1", "workout_completed", "{}"),
    ("2026-10-02 10:00", "u1", "workout_completed", "{}"),
    ("2026-10-03 10:00", "u2", "workout_completed", "{}"),
    ("2026-10-04 10:00", "u2", "workout_completed", "{}"),
    ("2026-08-20 10:00", "u3", "app_opened", "{}"),
    ("2026-11-01 09:00", "u3", "app_opened", "{}"),  # the data ends here
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "period_pairs.duckdb"
    return question_warehouse(path, "device_os VARCHAR, avg_workout_minutes DOUBLE", USERS, EVENTS)


@pytest.mark.parametrize(("prompt", "rows"), [
    ("Compare workouts in October vs September", [("october", 3), ("september", 1)]),
    ("How many workouts were completed in September versus October?", [("september", 1), ("october", 3)]),
    ("compare app opens between August and September", [("august", 1), ("september", 0)]),
    ("how many users completed a workout in October compared with September", [("october", 2), ("september", 1)]),
    ("workouts: October vs September", [("october", 3), ("september", 1)]),
])
def test_each_named_period_is_answered_in_the_order_said(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[str, int]]
) -> None:
    assert answer(planner, con, prompt) == rows


@pytest.mark.parametrize(("prompt", "intent"), [
    ("Compare workouts in October vs September", "question"),
    ("compare pricing page views in October with September", "question"),
    # a metric's rates over two periods are the funnel comparison; a movement asks why
    ("Compare conversion in October vs September", "debug"),
    ("Why did workouts drop in October vs September?", "debug"),
    ("Workouts fell in October vs September", "debug"),
])
def test_a_comparison_with_no_movement_is_a_data_question(planner: CatalogPlanner, prompt: str, intent: str) -> None:
    assert planner.classify(prompt, planner.catalog) == intent


@pytest.mark.parametrize(("prompt", "trait"), [
    ("compare average workout minutes in October vs September", "avg_workout_minutes"),
    ("What is the average workout minutes in October?", "avg_workout_minutes"),
    # a rolling window was dropped unsaid: the state as of now was counted
    ("How many at-risk users did we have last week?", "activation_state"),
    ("average momentum score in the last 30 days", "momentum_score"),
])
def test_a_period_that_bounds_nothing_counted_is_refused_not_answered_as_all_time(
    planner: CatalogPlanner, prompt: str, trait: str
) -> None:
    # the trait is kept as of the data's end: both periods gave the same number, labelled with their dates
    refusal = planner.plan_question(prompt, planner.catalog, [])
    assert isinstance(refusal, Refusal) and f"{trait} is kept as of the data's end" in refusal.reason


@pytest.mark.parametrize("prompt", [
    "how many users signed up in the last 7 days",  # a day count bounded by it
    "How many users subscribed within 7 days of starting a trial?",  # a time between acts, in hours
])
def test_a_window_that_bounds_a_day_count_or_a_gap_is_answered(planner: CatalogPlanner, prompt: str) -> None:
    assert not isinstance(planner.plan_question(prompt, planner.catalog, []), Refusal)


@pytest.mark.parametrize("prompt", ["How many new users did we get last week?",
                                    "How many new users did we get in October vs September?"])
def test_new_users_in_a_period_are_its_signups(planner: CatalogPlanner, prompt: str) -> None:
    # the lifecycle state 'new' as of now was counted (or refused), whatever the period
    plan = planner.plan_question(prompt, planner.catalog, [])
    assert isinstance(plan, QuestionPlan) and "days_since_signup" in plan.sql and "activation_state" not in plan.sql
