"""Data questions that group acts by what each act carries: its channel, reason, type or plan, or its day."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer as guarded_answer
from agent_planner_question_helpers import question_warehouse

from agent.catalog_planner import CatalogPlanner
from agent.types import QuestionPlan, Refusal

USERS = [
    # user_id, device_os, subscription_status, preferred_workout_type
    ("u1", "ios", "trial", "yoga"),
    ("u2", "android", "active", "yoga"),
    ("u3", "ios", "none", "running"),
]
EVENTS = [
    # the data ends at 2026-01-31 10:00: the last 7 days are after 01-24 10:00
    ("2026-01-31 10:00", "u1", "message_sent", '{"channel": "push"}'),
    ("2026-01-30 09:00", "u1", "message_sent", '{"channel": "push"}'),
    ("2026-01-30 09:00", "u1", "message_sent", '{"channel": "email"}'),
    ("2026-01-29 09:00", "u2", "message_sent", '{"channel": "email"}'),
    ("2026-01-10 09:00", "u3", "message_sent", '{"channel": "sms"}'),  # before the window
    ("2026-01-29 12:00", "u3", "message_clicked", '{"channel": "email"}'),
    ("2026-01-30 12:00", "u1", "support_ticket_created", '{"ticket_reason": "billing"}'),
    ("2026-01-30 13:00", "u1", "support_ticket_created", '{"ticket_reason": "bug"}'),
    ("2026-01-28 12:00", "u2", "support_ticket_created", '{"ticket_reason": "billing"}'),
    # u1 did two running workouts though yoga is their favourite: a workout's type is its own
    ("2026-01-30 07:00", "u1", "workout_completed", '{"workout_type": "running"}'),
    ("2026-01-31 07:00", "u1", "workout_completed", '{"workout_type": "running"}'),
    ("2026-01-31 08:00", "u2", "workout_completed", '{"workout_type": "yoga"}'),
    ("2026-01-30 08:00", "u1", "app_opened", "{}"),
    ("2026-01-30 09:00", "u1", "app_opened", "{}"),
    ("2026-01-30 09:30", "u3", "app_opened", "{}"),
    ("2026-01-31 09:00", "u2", "app_opened", "{}"),
    ("2026-01-20 09:00", "u2", "app_opened", "{}"),  # before the window
    ("2026-01-31 09:00", "u2", "subscription_started", '{"plan": "annual"}'),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "breakdowns.duckdb"
    return question_warehouse(
        path, "device_os VARCHAR, subscription_status VARCHAR, preferred_workout_type VARCHAR",
        USERS, EVENTS)


def answer(planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str) -> list[tuple[object, ...]]:
    return [tuple(str(v) for v in row) for row in guarded_answer(planner, con, prompt)]

@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        ("How many messages were sent by channel in the last 7 days?", [("email", "2"), ("push", "2")]),
        ("number of messages sent in the last 30 days, broken down by message channel", [("email", "2"), ("push", "2"), ("sms", "1")]),
        # people, not acts: u1 got two pushes and an email, u2 an email
        ("how many users got a message in the last 7 days by channel", [("email", "2"), ("push", "1")]),
        ("How many support tickets were created last week by reason?", [("billing", "2"), ("bug", "1")]),
        ("how many trial users opened a ticket this week, split by ticket reason", [("billing", "1"), ("bug", "1")]),
        ("Number of subscriptions started in the last 30 days by plan", [("annual", "1")]),
    ],
)
def test_an_acts_property_groups_the_acts(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[str, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


@pytest.mark.parametrize(
    "prompt",
    [
        "Total workouts by workout type last week",
        "How many workouts of each type were completed in the last 7 days?",
    ],
)
def test_a_workouts_own_type_groups_workouts_not_the_favourite(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str
) -> None:
    assert answer(planner, con, prompt) == [("running", "2"), ("yoga", "1")]


def test_a_trait_named_beside_an_act_without_that_property_still_groups_people(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection
) -> None:
    # app opens record no workout type: the grouping is the users' favourite
    assert answer(planner, con, "How many users opened the app last week by workout type?") == [
        ("running", "1"),
        ("yoga", "2"),
    ]


@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        ("How many app opens per day in the last week?", [("2026-01-30", "3"), ("2026-01-31", "1")]),
        ("how many users opened the app on each day of the last week", [("2026-01-30", "2"), ("2026-01-31", "1")]),
        ("Number of workouts completed day by day in the past 10 days", [("2026-01-30", "1"), ("2026-01-31", "2")]),
        # an app open is what makes a user active on a day ("active" alone is a paying subscriber)
        ("Daily active users over the last 7 days", [("2026-01-30", "2"), ("2026-01-31", "1")]),
    ],
)
def test_the_day_groups_the_acts(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[str, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


@pytest.mark.parametrize(
    ("prompt", "phrase", "named"),
    [
        ("How many app opens by channel last week?", "by channel", "message_sent"),
        ("how many users by ticket reason", "by ticket reason", "support_ticket_created"),
        ("How many users per day?", "per day", "counts no act"),
    ],
)
def test_an_act_grouping_with_no_act_that_records_it_is_refused_naming_those_that_do(
    planner: CatalogPlanner, prompt: str, phrase: str, named: str
) -> None:
    refusal = planner.plan_question(prompt, planner.catalog, [])
    assert isinstance(refusal, Refusal)
    assert refusal.unmatched_phrases == [phrase]
    assert named in refusal.reason


@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        # "unique"/"distinct" say people are counted once, which a count of people does anyway (it was refused)
        ("How many unique users opened the app in the last 48 hours?", [("3",)]),
        ("number of distinct people who got an email this week", [("2",)]),
    ],
)
def test_unique_people_are_the_people(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[str, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        ("Which channel gets the most clicks?", [("email", "1")]),
        ("top 2 ticket reasons by tickets created this week", [("billing", "2"), ("bug", "1")]),
        # the workouts' own type: u1's favourite is yoga, but both of u1's workouts were runs
        ("which workout type had the fewest completed workouts last week", [("yoga", "1")]),
        ("which 3 channels had the most messages sent in the last 30 days", [("email", "2"), ("push", "2"), ("sms", "1")]),
    ],
)
def test_an_acts_property_is_ranked_by_how_often_the_act_happened(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[str, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


def test_the_values_one_act_records_rank_with_no_measure_said(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection
) -> None:
    assert answer(planner, con, "top 1 ticket reasons in the last 7 days") == [("billing", "2")]


def test_a_property_several_acts_record_needs_the_act_said(planner: CatalogPlanner) -> None:
    refusal = planner.plan_question("top 3 channels last week", planner.catalog, [])
    assert isinstance(refusal, Refusal)
    assert refusal.unmatched_phrases == ["channels"]
    assert "message_clicked" in refusal.reason
    # each suggestion is itself a question the planner answers
    assert all(isinstance(planner.plan_question(s, planner.catalog, []), QuestionPlan) for s in refusal.suggestions)


def test_two_acts_grouped_together_are_refused_naming_both(planner: CatalogPlanner) -> None:
    refusal = planner.plan_question("How many messages were delivered vs opened last week by channel?", planner.catalog, [])
    assert isinstance(refusal, Refusal)
    assert "message_delivered, message_opened" in refusal.reason


@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        # a trait said beside the act's key groups too (it was dropped: the answer was per day only)
        (
            "how many users opened the app per day in the last week by platform",
            [("2026-01-30", "ios", "2"), ("2026-01-31", "android", "1")],
        ),
        ("how many tickets by reason per platform this week", [("billing", "android", "1"), ("billing", "ios", "1"), ("bug", "ios", "1")]),
    ],
)
def test_a_trait_beside_an_acts_key_groups_too(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[str, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows
